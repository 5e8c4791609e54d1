// mamoru console: talks to the /v1 API with the key the analyst pastes.
// The key lives in sessionStorage only (gone when the tab closes).
"use strict";
const KINDS = ["phone", "url", "domain", "ip", "bank_account", "crypto_address", "card", "email",
  "sns_account", "identity", "postal_address", "business"];
const NEXT = { reported: ["confirmed", "false_positive"], confirmed: ["actioned", "false_positive"],
  actioned: ["expired", "false_positive"], expired: ["false_positive"], false_positive: [] };
const $ = (id) => document.getElementById(id);
let cursor = null;

function key() { return sessionStorage.getItem("mamoru-key") || ""; }

async function api(method, path, body) {
  const opts = { method, headers: { Authorization: "Bearer " + key() } };
  if (body !== undefined) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
  const r = await fetch(path, opts);
  const text = await r.text();
  let data; try { data = JSON.parse(text); } catch (e) { data = { raw: text }; }
  return { status: r.status, data };
}

function errorText(res) {
  const e = res.data && res.data.error;
  return e ? `${res.status} ${e.code}: ${e.message}${e.field ? " (field " + e.field + ")" : ""}` : `HTTP ${res.status}`;
}

function fillKinds(sel) { for (const k of KINDS) sel.add(new Option(k, k)); }

async function health() {
  try {
    const r = await fetch("/healthz"); const h = await r.json();
    $("health").textContent = `● ${h.status} · schema ${h.schema} · snapshot ${h.snapshot ? h.snapshot.entries : "?"} entries`;
    $("health").className = r.ok ? "ok" : "bad";
  } catch (e) { $("health").textContent = "● server unreachable"; $("health").className = "bad"; }
}

function row(ind) {
  const tr = document.createElement("tr");
  const cells = [ind.id, ind.kind, ind.canonical || ind.display, ind.category, ind.status,
    ind.confidence, ind.sightings, ind.reporters, (ind.last_seen || "").replace("T", " ").replace("Z", "")];
  cells.forEach((c, i) => { const td = tr.insertCell(); td.textContent = c; if (i === 2) td.className = "value";
    if (i === 4) td.className = "status-" + c; });
  const actions = tr.insertCell();
  for (const to of NEXT[ind.status] || []) {
    const b = document.createElement("button"); b.textContent = to;
    b.onclick = async () => { const r = await api("PATCH", "/v1/indicators/" + ind.id, { status: to });
      if (r.status === 200) tr.replaceWith(row(r.data)); else $("list-error").textContent = errorText(r); };
    actions.appendChild(b);
  }
  return tr;
}

async function list(more) {
  const p = new URLSearchParams({ limit: "50" });
  if ($("list-kind").value) p.set("kind", $("list-kind").value);
  if ($("list-status").value) p.set("status", $("list-status").value);
  if ($("list-category").value) p.set("category", $("list-category").value);
  if (more && cursor) p.set("cursor", cursor);
  const r = await api("GET", "/v1/indicators?" + p);
  const body = $("list").tBodies[0];
  if (!more) body.innerHTML = "";
  $("list-error").textContent = r.status === 200 ? "" : errorText(r);
  if (r.status !== 200) return;
  for (const ind of r.data.items) body.appendChild(row(ind));
  cursor = r.data.next_cursor; $("list-more").disabled = !cursor;
}

window.addEventListener("DOMContentLoaded", () => {
  [$("lookup-kind"), $("report-kind"), $("list-kind")].forEach(fillKinds);
  $("key").value = key();
  $("save-key").onclick = () => { sessionStorage.setItem("mamoru-key", $("key").value.trim()); list(false); };
  $("lookup-form").onsubmit = async (ev) => { ev.preventDefault();
    const p = new URLSearchParams({ kind: $("lookup-kind").value, value: $("lookup-value").value });
    const r = await api("GET", "/v1/indicators/lookup?" + p);
    $("lookup-result").textContent = r.status === 200 ? JSON.stringify(r.data, null, 2)
      : r.status === 404 ? "not listed" : errorText(r); };
  $("report-form").onsubmit = async (ev) => { ev.preventDefault();
    const r = await api("POST", "/v1/indicators", { kind: $("report-kind").value, value: $("report-value").value,
      category: $("report-category").value, distribution: $("report-distribution").value });
    $("report-result").textContent = r.status < 300 ? (r.status === 201 ? "created " : "sighting added ") +
      JSON.stringify(r.data, null, 2) : errorText(r); };
  $("list-form").onsubmit = (ev) => { ev.preventDefault(); list(false); };
  $("list-more").onclick = () => list(true);
  health(); setInterval(health, 10000);
  if (key()) list(false);
});
