// The map on "Where is the problem?" (templates/highways/report/where.html), written by hand.
//
// An enhancement only: the postcode or street search above it works without
// JavaScript and with a screen reader. With JavaScript (and the vendored
// static/vendor/leaflet/leaflet.js, window.L) the map's box appears: select a
// place on the map, drag the pin, put it in the middle of the map, or use the
// device's location. Each fills in the hidden latitude and longitude of the
// map's form and says the nearest address (report/where/nearest.json).
// No inline script or style: the Content-Security-Policy forbids them, so the
// settings come from data- attributes:
//   data-tile-url, data-tile-attribution   settings.MAP_TILE_URL, MAP_TILE_ATTRIBUTION
//                                          (no tiles when empty: a blank map still works)
//   data-latitude, data-longitude, data-zoom   where the map starts
//   data-pinned                            start with the pin there (a place chosen before)
//   data-nearest-url                       the nearest address to a point (JSON)
//   data-i18n-*                            the words it says

(function () {
  "use strict";

  var L = window.L;
  var box = document.querySelector("[data-app-location-map]");
  if (!L || !box) return;

  var options = box.dataset;
  var form = box.querySelector("form");
  var latitudeInput = form.querySelector('input[name="latitude"]');
  var longitudeInput = form.querySelector('input[name="longitude"]');
  var chosen = box.querySelector("[data-app-location-map-chosen]");
  var locateButton = box.querySelector("[data-app-location-map-locate]");
  var centreButton = box.querySelector("[data-app-location-map-centre]");
  var start = L.latLng(parseFloat(options.latitude), parseFloat(options.longitude));
  var marker = null;
  var lookups = 0;

  box.hidden = false; // before Leaflet measures it
  // The page scrolls, not the map: zoom with its buttons, or + and - once it has focus.
  var map = L.map(box.querySelector("[data-app-location-map-canvas]"), {
    scrollWheelZoom: false,
  }).setView(start, parseInt(options.zoom, 10) || 14);
  if (options.tileUrl) {
    L.tileLayer(options.tileUrl, {
      maxZoom: 19,
      attribution: options.tileAttribution || "",
    }).addTo(map);
  }

  function say(text) {
    chosen.textContent = text;
  }

  function describe(latlng) {
    var lookup = ++lookups;
    say(options.i18nLooking);
    var url =
      options.nearestUrl +
      "?lat=" +
      encodeURIComponent(latlng.lat.toFixed(6)) +
      "&lng=" +
      encodeURIComponent(latlng.lng.toFixed(6));
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        if (lookup !== lookups) return; // the pin has moved since
        if (data.found) {
          say(options.i18nNear.replace("%(place)s", data.near));
        } else {
          say(data.message || options.i18nNone);
        }
      })
      .catch(function () {
        if (lookup === lookups) say(options.i18nNear.replace("%(place)s", latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5)));
      });
  }

  function place(latlng, zoomIn) {
    latitudeInput.value = latlng.lat.toFixed(6);
    longitudeInput.value = latlng.lng.toFixed(6);
    if (marker === null) {
      marker = L.marker(latlng, {
        draggable: true,
        alt: options.i18nPin,
        title: options.i18nPin,
      }).addTo(map);
      marker.on("dragend", function () {
        place(marker.getLatLng(), false);
      });
    } else {
      marker.setLatLng(latlng);
    }
    if (zoomIn) {
      map.setView(latlng, Math.max(map.getZoom(), 17));
    }
    describe(latlng);
  }

  map.on("click", function (event) {
    place(event.latlng, false);
  });

  centreButton.addEventListener("click", function () {
    place(map.getCenter(), false);
  });

  if (!("geolocation" in navigator)) {
    locateButton.remove(); // nothing to offer
  } else {
    locateButton.addEventListener("click", function () {
      say(options.i18nLocating);
      navigator.geolocation.getCurrentPosition(
        function (position) {
          place(L.latLng(position.coords.latitude, position.coords.longitude), true);
        },
        function () {
          say(options.i18nNoLocation);
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
      );
    });
  }

  if (options.pinned !== undefined) {
    place(start, false);
  }
})();
