// The JavaScript way in: mount() returns a handle with refresh() and unmount().
import { mount } from "/jobs-gallery-loader.js";

const host = document.getElementById("right");
const events = document.getElementById("right-events");
let gallery = mount(host, { apiKey: "dpct_demo", pageSize: 4, urlSync: "right", pollIdleMs: 10000 });

for (const name of ["job-completed", "job-failed", "auth-required", "payment-required"]) {
  host.addEventListener(name, (event) => {
    const item = document.createElement("li");
    item.textContent = `${name} ${event.detail?.jobId ?? ""}`.trim();
    events.prepend(item);
  });
}

document.getElementById("right-refresh").addEventListener("click", () => gallery?.refresh());
document.getElementById("right-unmount").addEventListener("click", () => {
  gallery?.unmount();
  gallery = null;
});
window.rightGallery = () => gallery;
