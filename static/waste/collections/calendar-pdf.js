// The "we are preparing your calendar" page: asks every few seconds whether the PDF is
// made, then says so and downloads it. Without this script the page has a link to try.
// Loaded with <script type="module"> on that page only.
const EVERY_MS = 2000;
const GIVE_UP_AFTER = 60; // tries: two minutes, then the page offers to try again

function init(root) {
  const statusUrl = root.dataset.statusUrl;
  const downloadUrl = root.dataset.downloadUrl;
  const status = root.querySelector(".app-calendar-pdf__status");
  const noJs = root.querySelector(".app-calendar-pdf__no-js");
  if (!statusUrl || !downloadUrl || !status) return;

  status.textContent = root.dataset.waiting;
  status.hidden = false;
  if (noJs) noJs.hidden = true;

  let tries = 0;
  const say = (text, linkText) => {
    status.textContent = text + " ";
    if (linkText) {
      const link = document.createElement("a");
      link.className = "govuk-link";
      link.href = downloadUrl;
      link.textContent = linkText;
      status.append(link);
    }
  };

  const check = async () => {
    tries += 1;
    let state = "pending";
    let stuck = false;
    try {
      const response = await fetch(statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok) ({ state, stuck } = await response.json());
    } catch {
      // The network hiccuped: ask again next time.
    }
    if (state === "ready") {
      say(root.dataset.ready, root.dataset.again);
      window.location.assign(downloadUrl);
    } else if (state === "failed" || stuck || tries >= GIVE_UP_AFTER) {
      window.location.reload(); // the page then says what went wrong and offers to try again
    } else {
      window.setTimeout(check, EVERY_MS);
    }
  };
  window.setTimeout(check, EVERY_MS);
}

document.querySelectorAll('[data-module="app-calendar-pdf"]').forEach(init);
