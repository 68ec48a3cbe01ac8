// The help network's directory filters itself as the choices change (on the phone, offline too);
// without JavaScript the same form asks the server.
const form = document.getElementById("service-filter");
const count = document.getElementById("service-count");

function apply() {
  const kind = form.elements.kind.value;
  const language = form.elements.language.value;
  let shown = 0;
  for (const item of document.querySelectorAll("#services .service-item")) {
    const service = item.querySelector("[data-kind]");
    const fits = (!kind || service.dataset.kind === kind)
      && (!language || service.dataset.languages.split(" ").includes(language));
    item.hidden = !fits;
    if (fits) shown += 1;
  }
  count.textContent = shown === 1 ? count.dataset.one : count.dataset.many.replace("{n}", String(shown));
}

if (form && count) {
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
}
