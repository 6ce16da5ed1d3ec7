// The maps on the public street report pages (templates/highways/public/), written by hand.
//
// An enhancement only: the list of reports (or the report's own page) is the
// content and says everything a map shows. Without JavaScript, without Leaflet
// or without reports that have a location, the map's box stays hidden.
// Loaded as a module after the vendored static/vendor/leaflet/leaflet.js
// (window.L). No inline script or style: the Content-Security-Policy forbids them.
//
// [data-app-report-map] boxes:
//   data-pins-url       the list's map: GeoJSON pins of the same page of reports
//   data-latitude/-longitude/-title   a report's own map: one pin
//   data-tile-url, data-tile-attribution   settings.MAP_TILE_URL and MAP_TILE_ATTRIBUTION
//                                          (no tiles when empty: pins on a blank map)

const L = window.L;
const MAX_ZOOM = 18;

function makeMap(box) {
  box.hidden = false; // before Leaflet measures it
  const canvas = box.querySelector("[data-app-report-map-canvas]");
  // The page scrolls, not the map: zoom with its buttons, or + and - once it has focus.
  const map = L.map(canvas, { scrollWheelZoom: false });
  const url = box.dataset.tileUrl;
  if (url) {
    L.tileLayer(url, {
      maxZoom: MAX_ZOOM,
      attribution: box.dataset.tileAttribution || "",
      // Tile servers (OpenStreetMap's) want to know which site asks; our own
      // Referrer-Policy (same-origin) would tell them nothing. The origin only,
      // never the page's address with its filters.
      referrerPolicy: "strict-origin",
    }).addTo(map);
  }
  return map;
}

// Leaflet's default pin: 25 by 41 pixels, its point at (12, 41); its popup opens above it.
const PIN_WIDTH = 25;
const PIN_HEIGHT = 41;
const PIN_GAP = 2;

function icon(state, [dx, dy] = [0, 0]) {
  return new L.Icon.Default({
    className: `app-pin app-pin--${state || "open"}`,
    iconAnchor: [12 - dx, 41 - dy],
    popupAnchor: [1 + dx, -34 + dy],
  });
}

// Where a pin may be drawn, nearest its own place first: beside it, then above or below.
const OFFSETS = [];
for (let row = -3; row <= 3; row += 1) {
  for (let column = -6; column <= 6; column += 1) {
    OFFSETS.push([column * (PIN_WIDTH + PIN_GAP), row * (PIN_HEIGHT + PIN_GAP)]);
  }
}
OFFSETS.sort((a, b) => Math.hypot(...a) - Math.hypot(...b));

function spread(map, markers) {
  // Pins closer on the screen than their own size would hide each other, leaving each too
  // small a target to press (WCAG 2.5.8, axe's target-size). Each pin that would is drawn
  // beside the others instead, as near its place as there is room; its popup, the list
  // and the report's page say where it is. Worked out again at every zoom.
  const drawn = [];
  const clear = ([x, y]) =>
    drawn.every(
      ([u, v]) => Math.abs(x - u) >= PIN_WIDTH + PIN_GAP || Math.abs(y - v) >= PIN_HEIGHT + PIN_GAP,
    );
  for (const marker of markers) {
    const point = map.latLngToLayerPoint(marker.getLatLng());
    const offset =
      OFFSETS.find(([dx, dy]) => clear([point.x + dx, point.y + dy])) || OFFSETS[0];
    drawn.push([point.x + offset[0], point.y + offset[1]]);
    marker.setIcon(icon(marker.options.state, offset));
  }
}

function popup(properties) {
  // Built from text nodes: nothing from the data is read as HTML.
  const box = document.createElement("div");
  const title = document.createElement("p");
  title.className = "govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1";
  const link = document.createElement("a");
  link.className = "govuk-link";
  link.href = properties.url;
  link.textContent = properties.title;
  title.append(link);
  const about = document.createElement("p");
  about.className = "govuk-body-s govuk-!-margin-0";
  about.textContent = [properties.category, properties.place, properties.status]
    .filter(Boolean)
    .join(". ");
  box.append(title, about);
  return box;
}

async function showReports(box) {
  let data;
  try {
    const response = await fetch(box.dataset.pinsUrl, {
      headers: { Accept: "application/geo+json" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    data = await response.json();
  } catch {
    return; // no map; the list is all there
  }
  const pins = (data.features || []).filter(
    (feature) => feature.geometry && feature.geometry.type === "Point",
  );
  if (!pins.length) return;
  const map = makeMap(box);
  const markers = pins.map((feature) => {
    const [longitude, latitude] = feature.geometry.coordinates;
    const properties = feature.properties;
    const label = `${properties.title}: ${properties.status}`;
    return L.marker([latitude, longitude], {
      icon: icon(properties.state),
      state: properties.state,
      alt: label,
      title: label,
      riseOnHover: true,
    }).bindPopup(popup(properties));
  });
  const group = L.featureGroup(markers).addTo(map);
  map.fitBounds(group.getBounds(), { maxZoom: 16, padding: [30, 30] });
  spread(map, markers);
  map.on("zoomend", () => spread(map, markers));
}

function showOne(box) {
  const latitude = Number.parseFloat(box.dataset.latitude);
  const longitude = Number.parseFloat(box.dataset.longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return;
  const map = makeMap(box);
  L.marker([latitude, longitude], {
    alt: box.dataset.title || "",
    interactive: false,
    keyboard: false,
  }).addTo(map);
  map.setView([latitude, longitude], 17);
}

if (L) {
  for (const box of document.querySelectorAll("[data-app-report-map]")) {
    if (box.dataset.pinsUrl) {
      showReports(box);
    } else {
      showOne(box);
    }
  }
}
