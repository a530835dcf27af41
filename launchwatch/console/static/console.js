// launchwatch console: live alerts from the alerts service (server-sent events), the incident behind each,
// acknowledgements and silences. Plain JavaScript, no build step, nothing loaded from elsewhere.
"use strict";

(() => {
  const PRECEDENCES = ["FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"];
  const RESYNC_MS = 20000; // reload the store's alerts: what other workers and the CLI made comes in too
  const ALARM_REPEAT_MS = 8000;

  const state = {
    config: null,
    map: null,
    alerts: new Map(), // id -> latest revision known
    mutedBy: new Map(), // id -> silence the feed said mutes it
    silences: [],
    escalations: new Map(), // alert id -> its escalation while it waits for an acknowledgement
    selected: null,
    incident: null,
    alarmFor: null, // id of the FLASH alert the alarm sounds for
    silencedAlarm: new Set(), // FLASH alert ids whose alarm the officer silenced
    sound: localStorage.getItem("launchwatch.sound") !== "off",
    audio: null,
    alarmTimer: null,
    online: false,
    systemAsked: 0, // how many times `GET /system-alerts` was asked: an older answer never overwrites a newer one
    systemShown: null, // what the system banner shows, as a key: redrawn (and announced) only when it changes
  };
  document.body.dataset.beeps = "0";

  // ------------------------------------------------------------------ small helpers

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "style") node.style.cssText = value; // CSSOM: allowed by the page's CSP, unlike an attribute
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else if (value !== undefined && value !== null) node.setAttribute(key, value);
    }
    for (const child of children.flat()) if (child) node.append(child);
    return node;
  }

  const pad = (n) => String(n).padStart(2, "0");

  function utc(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
      `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}Z`;
  }

  /** HH:MM:SS of a time, in UTC. */
  function utcTime(date) {
    return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  }

  function kst(date) {
    const d = new Date(date.getTime() + 9 * 3600 * 1000);
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  }

  function ago(iso) {
    const s = (Date.now() - new Date(iso).getTime()) / 1000;
    if (!Number.isFinite(s)) return "";
    if (s < 60) return "just now";
    if (s < 3600) return `${Math.floor(s / 60)} min ago`;
    if (s < 172800) return `${Math.floor(s / 3600)} h ago`;
    return `${Math.floor(s / 86400)} d ago`;
  }

  function latency(seconds) {
    if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "time unknown";
    const sign = seconds < 0 ? "-" : "+";
    const s = Math.abs(seconds);
    if (s < 90 * 60) return `${sign}${Math.round(s / 60)} min`;
    if (s < 48 * 3600) return `${sign}${Math.round(s / 3600)} h`;
    return `${sign}${Math.round(s / 86400)} d`;
  }

  function announce(text) {
    $("announcer").textContent = text;
  }

  // The fused incident when the alert carries one, else the triggering report's event: same field names.
  const facts = (alert) => alert.assessment || alert.event || {};
  const sourcesOf = (alert) => {
    const fused = alert.assessment && Array.isArray(alert.assessment.sources) ? alert.assessment.sources : null;
    return (fused && fused.length ? fused : alert.sources) || [];
  };
  const conflictsOf = (alert) => (alert.assessment && alert.assessment.conflicts) || alert.conflicts || [];
  const partiesOf = (alert) => new Set(sourcesOf(alert).map((s) => s.party).filter(Boolean));

  function needsAttention(alert) {
    const ack = alert.acknowledgement;
    return alert.msg_type !== "Cancel" && (!ack || alert.updated_since_ack);
  }

  /** "ACK DUE 1:05" before the deadline, "ACK OVERDUE 0:12" after it. */
  function countdownText(deadline) {
    const ms = new Date(deadline).getTime() - Date.now();
    const seconds = Math.floor(Math.abs(ms) / 1000);
    const left = `${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
    return ms >= 0 ? `ACK DUE ${left}` : `ACK OVERDUE ${left}`;
  }

  function countdown(deadline) {
    const node = el("span", { class: "badge countdown", "data-deadline": deadline, title: `acknowledge by ${utc(deadline)}` });
    tick(node);
    return node;
  }

  function tick(node) {
    node.textContent = countdownText(node.dataset.deadline);
    node.classList.toggle("overdue", new Date(node.dataset.deadline).getTime() < Date.now());
  }

  function silenceMutes(silence, alert, now) {
    return Boolean(silence.drill) === Boolean(alert.drill) &&
      (!silence.commitment_id || silence.commitment_id === alert.commitment_id) &&
      (!silence.precedence || silence.precedence === alert.precedence) &&
      new Date(silence.starts_at) <= now && now < new Date(silence.ends_at);
  }

  function mutingSilence(alert) {
    const now = new Date();
    const known = state.silences.find((s) => silenceMutes(s, alert, now));
    if (known) return known;
    const told = state.mutedBy.get(alert.id);
    return told && silenceMutes(told, alert, now) ? told : null;
  }

  function authHeaders() {
    const headers = { "Content-Type": "application/json" };
    const token = $("token").value.trim() || sessionStorage.getItem("launchwatch.token") || "";
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  async function getJSON(url) {
    const answer = await fetch(url, { headers: { Accept: "application/json" } });
    if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
    return answer.json();
  }

  async function postJSON(url, body) {
    const answer = await fetch(url, { method: "POST", headers: authHeaders(), body: JSON.stringify(body) });
    let data = null;
    try {
      data = await answer.json();
    } catch (_) {
      data = null;
    }
    if (!answer.ok) {
      const detail = data && (data.detail || data.error);
      throw new Error(`${answer.status}: ${detail || answer.statusText}`);
    }
    return data;
  }

  // ------------------------------------------------------------------ alerts in, one path for all

  /** Keep an alert revision if it is newer than the one known; true when it changed something. */
  function upsert(alert) {
    if (!alert || !alert.id) return false;
    if (Boolean(alert.drill) !== Boolean(state.config.drill)) return false; // never mix namespaces
    const known = state.alerts.get(alert.id);
    if (known && known.revision >= alert.revision) return false;
    state.alerts.set(alert.id, alert);
    return true;
  }

  function receive(alert, mutedBy) {
    const previous = state.alerts.get(alert.id);
    if (mutedBy) state.mutedBy.set(alert.id, mutedBy);
    if (!upsert(alert)) return;
    render();
    refreshEscalations();
    if (state.selected === alert.id) openIncident(alert.id, false);
    const fresh = !previous || (alert.msg_type !== "Ack" && alert.revision > previous.revision);
    if (!fresh) return;
    const muted = mutingSilence(alert);
    announce(`${alert.precedence} alert${muted ? " (muted)" : ""}: ${alert.headline}`);
    if (alert.precedence === "FLASH" && needsAttention(alert) && !muted) raiseAlarm(alert);
  }

  async function reload() {
    reloadSystem(); // the system banner comes along, on its own: its endpoint failing leaves the alerts alone
    const since = $("filter-since").value;
    const query = new URLSearchParams({ limit: "1000" });
    if (since) query.set("since", since);
    try {
      const [alerts, silences, escalations] = await Promise.all([
        getJSON(`/alerts?${query}`),
        getJSON("/silences"),
        getJSON("/escalations").catch(() => ({ escalations: [] })),
      ]);
      state.silences = silences.silences || [];
      state.escalations = new Map((escalations.escalations || []).map((e) => [e.alert_id, e]));
      const fresh = new Map();
      for (const alert of alerts.alerts || []) {
        if (Boolean(alert.drill) !== Boolean(state.config.drill)) continue;
        const known = state.alerts.get(alert.id);
        fresh.set(alert.id, known && known.revision > alert.revision ? known : alert);
      }
      // Alerts the feed brought that the store query does not reach (another filter): kept while in range.
      for (const [id, alert] of state.alerts) if (!fresh.has(id) && inTime(alert)) fresh.set(id, alert);
      state.alerts = fresh;
      render();
      updateAlarm();
    } catch (error) {
      setConnection(false, `store unreachable (${error.message})`);
    }
  }

  /** The escalations waiting for an acknowledgement: armed, stopped or moved on as revisions come. */
  async function refreshEscalations() {
    try {
      const answer = await getJSON("/escalations");
      state.escalations = new Map((answer.escalations || []).map((e) => [e.alert_id, e]));
      render();
    } catch (_) {
      // kept as they were: the next reload brings them
    }
  }

  function connect() {
    const feed = new EventSource("/console/events");
    feed.addEventListener("hello", () => {
      setConnection(true);
      reload(); // whatever happened while the feed was away
    });
    feed.addEventListener("alert", (event) => {
      try {
        const message = JSON.parse(event.data);
        // A system alert raised or cleared (the pipeline itself) is for the banner, never an alert revision.
        if (message.system_alert) reloadSystem();
        else if (message.alert) receive(message.alert, message.muted_by);
      } catch (error) {
        console.error("unreadable alert message", error);
      }
    });
    feed.onerror = () => setConnection(false, "feed lost, reconnecting…");
  }

  function setConnection(online, text) {
    state.online = online;
    const node = $("connection");
    node.textContent = online ? "live" : text || "offline";
    node.className = `connection ${online ? "live" : "down"}`;
    document.body.dataset.feed = online ? "live" : "down";
  }

  // ------------------------------------------------------------------ system alerts: the pipeline itself

  /** The system banner from `GET /system-alerts`: each cause raised (a role no worker runs, the store away, ...). */
  async function reloadSystem() {
    const asked = ++state.systemAsked;
    let answer;
    try {
      answer = await getJSON("/system-alerts");
    } catch (_) {
      return; // kept as it was: the connection line says when the worker is away, the next reload asks again
    }
    if (asked === state.systemAsked) renderSystem(answer);
  }

  function renderSystem(answer) {
    const raised = Array.isArray(answer.raised) ? answer.raised : [];
    const storeError = answer.store_error || null;
    document.body.dataset.system = String(raised.length);
    const key = JSON.stringify([storeError, raised.map((a) => [a.id, a.since, a.headline, a.explanation])]);
    if (key === state.systemShown) return;
    state.systemShown = key;
    $("system-list").replaceChildren(...raised.map((alert) => {
      const since = new Date(alert.since);
      return el("li", { "data-system-id": alert.id, "data-condition": alert.condition },
        el("strong", { class: "system-headline", text: alert.headline }),
        Number.isNaN(since.getTime())
          ? null : el("span", { class: "system-since", title: utc(alert.since), text: ` since ${utcTime(since)} UTC` }),
        alert.drill ? [" ", el("span", { class: "badge exercise", text: "EXERCISE" })] : null,
        alert.explanation ? el("span", { class: "system-explanation", text: alert.explanation }) : null);
    }));
    const store = $("system-store");
    store.hidden = !storeError;
    store.title = storeError || "";
    store.textContent = storeError
      ? "The store cannot be read: system alerts kept there are not listed, only this worker's own." : "";
    $("system-banner").hidden = !raised.length && !storeError;
  }

  // ------------------------------------------------------------------ filters and the list

  function inTime(alert) {
    const since = $("filter-since").value;
    if (!since) return true;
    const n = parseInt(since, 10);
    const unit = { h: 3600, d: 86400, m: 60 }[since.slice(-1)] || 3600;
    return Date.now() - new Date(alert.updated_at).getTime() <= n * unit * 1000;
  }

  function visible() {
    const precedences = new Set(
      [...document.querySelectorAll("#precedence-filters input:checked")].map((i) => i.value),
    );
    const commitment = $("filter-commitment").value;
    const party = $("filter-party").value;
    return [...state.alerts.values()]
      .filter((a) => precedences.has(a.precedence))
      .filter((a) => !commitment || a.commitment_id === commitment)
      .filter((a) => !party || partiesOf(a).has(party))
      .filter(inTime)
      .sort((a, b) => (b.updated_at > a.updated_at ? 1 : b.updated_at < a.updated_at ? -1 : a.id < b.id ? -1 : 1));
  }

  function statusBadges(alert) {
    const badges = [];
    if (alert.drill) badges.push(el("span", { class: "badge exercise", text: "EXERCISE" }));
    if (alert.msg_type === "Cancel") badges.push(el("span", { class: "badge cancel", text: "CANCELLED" }));
    const ack = alert.acknowledgement;
    if (ack && alert.updated_since_ack) {
      badges.push(el("span", { class: "badge unacked", text: `UPDATED SINCE ACK by ${ack.by}` }));
    } else if (ack) {
      badges.push(el("span", { class: "badge acked", text: `ACK ${ack.by}` }));
    } else if (alert.msg_type !== "Cancel") {
      badges.push(el("span", { class: "badge unacked", text: "UNACKED" }));
    }
    const escalation = state.escalations.get(alert.id);
    if (escalation && needsAttention(alert)) badges.push(countdown(escalation.deadline));
    if (mutingSilence(alert)) badges.push(el("span", { class: "badge muted", text: "MUTED" }));
    return badges;
  }

  function render() {
    const list = $("alerts");
    const alerts = visible();
    const focusedId = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.alertId : null;
    list.replaceChildren(
      ...alerts.map((alert) => {
        const button = el(
          "button",
          {
            type: "button",
            class: `alert-item p-${alert.precedence}${mutingSilence(alert) ? " muted" : ""}`,
            "data-alert-id": alert.id,
            "data-precedence": alert.precedence,
            "aria-current": state.selected === alert.id ? "true" : "false",
            onclick: () => openIncident(alert.id, true),
          },
          el("span", {}, el("span", { class: `badge ${alert.precedence}`, text: alert.precedence }), " ",
            ...statusBadges(alert)),
          el("span", { class: "meta", text: `${alert.commitment_id} · ${alert.msg_type} rev ${alert.revision}` }),
          el("span", { class: "when", title: utc(alert.updated_at), text: ago(alert.updated_at) }),
          el("span", { class: "headline", text: alert.headline }),
        );
        return el("li", {}, button);
      }),
    );
    $("empty").hidden = alerts.length > 0;
    $("count").textContent = `${alerts.length} of ${state.alerts.size} alerts`;
    if (focusedId) {
      const again = list.querySelector(`[data-alert-id="${CSS.escape(focusedId)}"]`);
      if (again) again.focus();
    }
    updateAlarm();
  }

  // ------------------------------------------------------------------ FLASH: banner and sound

  function beep() {
    document.body.dataset.beeps = String(Number(document.body.dataset.beeps) + 1);
    if (!state.sound) return;
    try {
      state.audio = state.audio || new (window.AudioContext || window.webkitAudioContext)();
      const context = state.audio;
      if (context.state === "suspended") context.resume();
      for (let i = 0; i < 3; i += 1) {
        const start = context.currentTime + i * 0.25;
        const tone = context.createOscillator();
        const gain = context.createGain();
        tone.type = "square";
        tone.frequency.value = 880;
        gain.gain.setValueAtTime(0.2, start);
        gain.gain.setValueAtTime(0, start + 0.15);
        tone.connect(gain).connect(context.destination);
        tone.start(start);
        tone.stop(start + 0.16);
      }
    } catch (error) {
      console.warn("no sound:", error);
    }
  }

  function raiseAlarm(alert) {
    state.alarmFor = alert.id;
    state.silencedAlarm.delete(alert.id);
    updateAlarm();
    beep();
  }

  function pendingFlash() {
    return visible().find((a) => a.precedence === "FLASH" && needsAttention(a) && !mutingSilence(a));
  }

  function updateAlarm() {
    const flash = pendingFlash();
    const banner = $("flash-banner");
    banner.hidden = !flash;
    document.body.dataset.flash = flash ? flash.id : "";
    if (!flash) {
      clearInterval(state.alarmTimer);
      state.alarmTimer = null;
      return;
    }
    $("flash-text").textContent = flash.headline;
    $("flash-open").onclick = () => openIncident(flash.id, true);
    const sounding = !state.silencedAlarm.has(flash.id) && state.alarmFor === flash.id;
    $("flash-silence").hidden = !sounding;
    if (sounding && !state.alarmTimer) {
      state.alarmTimer = setInterval(() => {
        const still = pendingFlash();
        if (still && !state.silencedAlarm.has(still.id) && state.alarmFor === still.id) beep();
      }, ALARM_REPEAT_MS);
    } else if (!sounding) {
      clearInterval(state.alarmTimer);
      state.alarmTimer = null;
    }
  }

  function silenceAlarm() {
    if (state.alarmFor) state.silencedAlarm.add(state.alarmFor);
    clearInterval(state.alarmTimer);
    state.alarmTimer = null;
    updateAlarm();
    announce("Alarm sound silenced; the banner stays until the alert is acknowledged.");
  }

  function setSound(on) {
    state.sound = on;
    localStorage.setItem("launchwatch.sound", on ? "on" : "off");
    const toggle = $("sound-toggle");
    toggle.textContent = on ? "Sound on" : "Sound off";
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    if (on && state.audio && state.audio.state === "suspended") state.audio.resume();
  }

  // ------------------------------------------------------------------ the incident

  async function openIncident(id, focus) {
    const alert = state.alerts.get(id);
    if (!alert) return;
    state.selected = id;
    for (const node of document.querySelectorAll(".alert-item")) {
      node.setAttribute("aria-current", node.dataset.alertId === id ? "true" : "false");
    }
    let incident = null;
    let history = null;
    try {
      [incident, history] = await Promise.all([
        getJSON(`/incidents/${encodeURIComponent(alert.incident_id)}`).catch(() => null),
        getJSON(`/alerts/${encodeURIComponent(id)}/history`).catch(() => null),
      ]);
    } catch (_) {
      // shown without them
    }
    if (state.selected !== id) return;
    renderDetail(state.alerts.get(id) || alert, incident, history);
    if (focus) $("detail").focus();
  }

  function fact(label, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) {
      return [];
    }
    return [el("dt", { text: label }), el("dd", { text: Array.isArray(value) ? value.join(", ") : String(value) })];
  }

  // The facts of an incident other than a launch: who, what, how much, where, how.
  function detailFacts(d) {
    const usd = d.amount_usd ? `$${Math.round(d.amount_usd).toLocaleString("en")}` : null;
    const amount = [d.amount, usd && d.amount !== usd ? `(${usd})` : null].filter(Boolean).join(" ") || usd;
    const quantity = d.quantity !== undefined && d.quantity !== null
      ? `${Math.round(d.quantity).toLocaleString("en")} ${d.unit || ""}`.trim() : null;
    return [
      ...fact("What", d.what),
      ...fact("Quantity", quantity),
      ...fact("Personnel", d.personnel ? d.personnel.toLocaleString("en") : null),
      ...fact("Casualties", d.casualties ? d.casualties.toLocaleString("en") : null),
      ...fact("Role", d.role),
      ...fact("Place", d.place),
      ...fact("Route", d.route),
      ...fact("Group", d.group),
      ...fact("Activity", d.activity ? d.activity.replaceAll("_", " ") : null),
      ...fact("Victim", d.victim),
      ...fact("Amount", amount),
      ...fact("Vessel", d.vessel),
      ...fact("Method", d.method),
      ...fact("Exercise", d.exercise),
      ...fact("Reported by", d.reported_by),
    ];
  }

  function assessmentSection(alert) {
    const f = facts(alert);
    const loc = f.location || {};
    const count = f.count !== undefined && f.count !== null
      ? `${f.count_qualifier === "at_least" ? "at least " : f.count_qualifier === "approximate" ? "about " : ""}${f.count}`
      : null;
    const when = f.occurred_at
      ? `${utc(f.occurred_at)}${f.occurred_until ? ` to ${utc(f.occurred_until)}` : ""} (${f.occurred_precision || "minute"})`
      : null;
    const where = [loc.site, loc.region].filter(Boolean).join(", ");
    const fell = [loc.landing, loc.eez ? `${loc.eez} Japan's EEZ` : null, loc.overflew_japan ? "flew over Japan" : null]
      .filter(Boolean).join("; ");
    const list = el("dl", { class: "facts" },
      fact("Event", (f.event_type || "").replaceAll("_", " ")),
      fact("Class", f.missile_class),
      fact("System", f.system),
      fact("Count", count),
      fact("Launched", when),
      fact("From", where),
      fact("Fell", fell),
      fact("Apogee", f.apogee_km ? `${Math.round(f.apogee_km).toLocaleString("en")} km` : null),
      fact("Range", f.range_km ? `${Math.round(f.range_km).toLocaleString("en")} km` : null),
      fact("Flight time", f.flight_time_min ? `${f.flight_time_min} min` : null),
      fact("Outcome", f.outcome && f.outcome !== "unknown" ? f.outcome : null),
      fact("Actor", f.actor),
      fact("Counterparty", f.counterparty),
      ...detailFacts(f.details || {}),
      fact("Tags", f.tags),
      fact("First reported", utc(f.reported_at)),
      fact("Merged into", f.merged_into),
      fact("Withdrawn reports", f.withdrawn),
    );
    const parts = [
      el("h3", { text: alert.assessment ? "Assessment (all reports fused)" : "Assessment (triggering report)" }),
      list,
    ];
    const claims = f.claims || [];
    if (claims.length) {
      parts.push(el("h3", { text: "Claims" }),
        el("ul", {}, claims.map((c) => el("li", {}, `${c.party}: ${c.text || ""}`,
          c.field ? ` (${c.field}${c.value ? ` = ${c.value}` : ""})` : ""))));
    }
    const provenance = (f.provenance || []).filter((p) => p.source || p.text);
    if (provenance.length) {
      parts.push(el("h3", { text: "Where each fact comes from" }),
        el("ul", {}, provenance.map((p) => el("li", {},
          el("strong", { text: p.field }), `: ${p.source || p.method || ""}`,
          p.text ? ` “${p.text}”` : "", p.reason ? ` (${p.reason})` : ""))));
    }
    if ((f.notes || []).length) parts.push(el("h3", { text: "Notes" }), el("ul", {}, f.notes.map((n) => el("li", { text: n }))));
    return parts;
  }

  function timelineSection(alert) {
    const sources = [...sourcesOf(alert)].sort((a, b) => (a.reported_at > b.reported_at ? 1 : -1));
    if (!sources.length) return [el("h3", { text: "Sources" }), el("p", { class: "empty", text: "No source reports." })];
    const longest = Math.max(1, ...sources.map((s) => Math.log1p(Math.max(0, s.latency_s || 0))));
    return [
      el("h3", { text: "Sources: who reported, when, how long after" }),
      el("ol", { class: "timeline", "aria-label": "Reporting timeline" }, sources.map((s) => {
        const width = s.latency_s === null || s.latency_s === undefined
          ? 0 : (Math.log1p(Math.max(0, s.latency_s)) / longest) * 100;
        const account = Object.entries(s.account || {}).map(([k, v]) => `${k.replaceAll("_", " ")} ${v}`).join(", ");
        return el("li", {},
          el("span", { class: "latency", text: latency(s.latency_s) }),
          el("span", { text: `${s.party || ""} ` }, el("span", { class: "meta", text: s.source })),
          el("span", { class: "bar", style: `width:${width.toFixed(1)}%`, "aria-hidden": "true" }),
          el("span", { class: "account", text: `${utc(s.reported_at)}${account ? ` · ${account}` : ""}` }));
      })),
    ];
  }

  function commitmentsSection(alert, incident) {
    const ours = (incident && incident.alerts ? incident.alerts : [])
      .filter((a) => Boolean(a.drill) === Boolean(state.config.drill));
    const alerts = ours.some((a) => a.id === alert.id) ? ours : [alert, ...ours];
    alerts.sort((a, b) => PRECEDENCES.indexOf(a.precedence) - PRECEDENCES.indexOf(b.precedence));
    return [
      el("h3", { text: "Matched commitments" }),
      ...alerts.map((a) => el("article", { class: "commitment" },
        el("div", {}, el("span", { class: `badge ${a.precedence}`, text: a.precedence }), " ",
          el("strong", { text: a.commitment ? a.commitment.title : a.commitment_id }),
          ` (${a.commitment_id}, ${a.kind || ""})`,
          a.id !== alert.id ? el("button", { type: "button", onclick: () => openIncident(a.id, true), text: "open" }) : null),
        a.commitment ? el("blockquote", { text: a.commitment.quote }) : null,
        a.commitment ? el("div", { class: "meta", text: a.commitment.statement }) : null,
        el("p", { class: "why", text: a.explanation ? a.explanation.text : "" }),
        a.explanation && a.explanation.precedence_reason
          ? el("p", { class: "meta", text: `Precedence: ${a.explanation.precedence_reason}` }) : null)),
    ];
  }

  function historySection(alert, history) {
    const revisions = history && history.revisions ? history.revisions : [alert];
    const acks = history && history.acks ? history.acks : [];
    const parts = [...escalationSection(alert, history), el("h3", { text: "Acknowledgements" })];
    if (acks.length) {
      parts.push(el("ul", { class: "acks" }, acks.map((a) => el("li", {},
        `Revision ${a.revision} acknowledged by `, el("strong", { text: a.by }), ` at ${utc(a.at)}`))));
    } else {
      parts.push(el("p", { class: "empty", text: "Not acknowledged yet." }));
    }
    if (alert.acknowledgement && alert.acknowledgement.comment) {
      parts.push(el("p", { class: "meta", text: `Latest comment: ${alert.acknowledgement.comment}` }));
    }
    parts.push(el("h3", { text: "Revisions (CAP 1.2)" }), el("ul", { class: "revisions" }, revisions.map((r) =>
      el("li", {}, el("a", {
        href: `/alerts/${encodeURIComponent(r.id)}/cap/${r.revision}`,
        download: `${r.id}.${r.revision}.xml`,
        text: `revision ${r.revision}: ${r.msg_type}, ${r.precedence}`,
      }), ` ${utc(r.updated_at)}`))));
    return parts;
  }

  /** The escalation: its policy and deadline (counting down while it waits), and every notice taken. */
  function escalationSection(alert, history) {
    const escalation = (history && history.escalation) || state.escalations.get(alert.id);
    if (!escalation) return [];
    const waiting = escalation.state === "armed" && needsAttention(alert);
    const head = el("p", { class: "meta" }, `Policy ${escalation.policy}: acknowledgement due ${utc(escalation.deadline)} `,
      waiting ? countdown(escalation.deadline) : el("strong", { text: `(${escalation.state})` }));
    const notices = escalation.notices || [];
    const list = notices.length
      ? el("ul", { class: "escalation-notices" }, notices.map((n) => el("li", {},
        `Step ${n.step}${n.repeat ? ` (repeat ${n.repeat})` : ""} at ${utc(n.taken_at)}: notified `,
        el("strong", { text: n.receivers.join(", ") || "no receiver" }), ` (revision ${n.revision})`)))
      : el("p", { class: "empty", text: "No escalation notice sent yet." });
    return [el("h3", { text: "Escalation" }), head, list];
  }

  /** A message of the last action on an alert: kept when its incident is drawn again (a new revision came). The
   * detail may have been drawn again while the action's request was out: the message goes where it is shown now. */
  function say(result, alert, ok, text) {
    state.said = { id: alert.id, ok, text };
    const shown = result.isConnected ? result : state.selected === alert.id && document.querySelector("#detail-body .result");
    if (!shown) return;
    shown.className = `result ${ok ? "ok" : "error"}`;
    shown.textContent = text;
  }

  function actionsSection(alert) {
    const said = state.said && state.said.id === alert.id ? state.said : null;
    const result = el("p", { class: `result${said ? (said.ok ? " ok" : " error") : ""}`, role: "status", text: said ? said.text : "" });
    const comment = el("input", { id: "ack-comment", placeholder: "optional", size: "24" });
    const ackButton = el("button", {
      type: "button",
      id: "ack-button",
      text: alert.acknowledgement && !alert.updated_since_ack ? "Acknowledge again" : "Acknowledge",
      onclick: async () => {
        const by = $("callsign").value.trim();
        if (!by) {
          say(result, alert, false, "Enter your call sign first (top of the page).");
          $("callsign").focus();
          return;
        }
        ackButton.disabled = true;
        try {
          const acked = await postJSON(`/alerts/${encodeURIComponent(alert.id)}/ack`, { by, comment: comment.value });
          say(result, alert, true, `Acknowledged as ${by} (revision ${acked.revision}).`);
          receive(acked, null);
          openIncident(alert.id, false);
        } catch (error) {
          say(result, alert, false, `Not acknowledged: ${error.message}`);
        } finally {
          ackButton.disabled = false;
        }
      },
    });
    const until = el("select", { id: "silence-until" },
      ["30m", "1h", "2h", "6h", "12h", "24h", "7d"].map((v) => el("option", { value: v, selected: v === "2h", text: v })));
    const silencePrecedence = el("select", { id: "silence-precedence" },
      el("option", { value: "", text: "any" }), PRECEDENCES.map((p) => el("option", { value: p, text: p })));
    const silenceComment = el("input", { id: "silence-comment", placeholder: "why (required)", size: "20" });
    const silenceButton = el("button", {
      type: "button",
      id: "silence-button",
      text: `Silence ${alert.commitment_id}`,
      onclick: async () => {
        const by = $("callsign").value.trim();
        if (!by) {
          say(result, alert, false, "Enter your call sign first (top of the page).");
          $("callsign").focus();
          return;
        }
        try {
          const silence = await postJSON("/silences", {
            commitment: alert.commitment_id,
            precedence: silencePrecedence.value || null,
            until: until.value,
            comment: silenceComment.value,
            by,
          });
          state.silences.push(silence);
          say(result, alert, true, `Routing of ${alert.commitment_id} muted until ${utc(silence.ends_at)} (still stored).`);
          render();
        } catch (error) {
          say(result, alert, false, `Not silenced: ${error.message}`);
        }
      },
    });
    return {
      ack: el("div", { class: "actions" }, el("label", {}, "Comment", comment), ackButton, result),
      silence: [
        el("h3", { text: "Silence (mutes routing; alerts are still stored and shown)" }),
        el("div", { class: "actions" },
          el("label", {}, "For", until), el("label", {}, "Precedence", silencePrecedence),
          el("label", {}, "Reason", silenceComment), silenceButton),
      ],
    };
  }

  function place(alert) {
    const loc = facts(alert).location || (alert.event && alert.event.location) || {};
    const sites = state.config.places.sites;
    let site = null;
    if (Number.isFinite(loc.lat) && Number.isFinite(loc.lon)) site = { lat: loc.lat, lon: loc.lon, name: loc.site || "reported" };
    else if (loc.site && sites[loc.site]) site = { ...sites[loc.site], name: loc.site };
    else if (loc.region) {
      const name = Object.keys(sites).find((n) => loc.region.toLowerCase().includes(n.toLowerCase()));
      if (name) site = { ...sites[name], name: `${loc.region}` };
    }
    const landings = state.config.places.landings;
    const key = loc.landing ? `${loc.landing}${loc.eez === "inside" ? ":inside" : ""}` : null;
    const landing = key ? landings[key] || landings[loc.landing] : null;
    return { site, landing: landing ? { ...landing, name: loc.landing } : null, loc };
  }

  function mapSection(alert) {
    const parts = [el("h3", { text: "Where" })];
    if (!state.map) return [...parts, el("p", { class: "empty", text: "Map not loaded." })];
    const { bbox, width, height, countries } = state.map;
    const [lon0, lat0, lon1, lat1] = bbox;
    const k = width / (lon1 - lon0);
    const squash = Math.cos(((lat0 + lat1) / 2) * Math.PI / 180);
    const project = (lat, lon) => [(lon - lon0) * k, ((lat1 - lat) * k) / squash];
    const { site, landing } = place(alert);
    const drawing = svg("svg", {
      class: "map",
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-label": `Map: ${site ? `launch site ${site.name}` : "launch site unknown"}; ${landing ? `impact area ${landing.name}` : "impact area unknown"}`,
    }, countries.map((c) => svg("path", { d: c.path, class: `land${c.name === "North Korea" ? " dprk" : ""}` },
      svg("title", { text: c.name }))));
    let siteXY = null;
    if (landing) {
      const [x, y] = project(landing.lat, landing.lon);
      const r = landing.radius * k;
      drawing.append(svg("ellipse", { class: "impact", cx: x, cy: y, rx: r, ry: r / squash, "data-place": "impact" }),
        svg("text", { x: x - r * 0.8, y: y + r / squash + 14, text: `impact: ${landing.name}` }));
    }
    if (site) {
      siteXY = project(site.lat, site.lon);
      const [x, y] = siteXY;
      if (landing) {
        const [lx, ly] = project(landing.lat, landing.lon);
        drawing.append(svg("path", { class: "track", d: `M${x},${y} Q${(x + lx) / 2},${Math.min(y, ly) - 60} ${lx},${ly}` }));
      }
      drawing.append(svg("path", { class: "site", d: `M${x},${y - 9} L${x + 8},${y + 6} L${x - 8},${y + 6} Z`, "data-place": "site" }),
        svg("text", { x: x + 10, y: y + 4, text: site.name }));
    }
    parts.push(drawing, el("p", { class: "map-caption", text:
      `${site ? `Launch site: ${site.name}. ` : "No launch site reported. "}` +
      `${landing ? `Impact area: ${landing.name}. ` : "No impact area reported. "}` +
      "Outlines: Natural Earth (public domain), drawn offline." }));
    return parts;
  }

  function renderDetail(alert, incident, history) {
    $("detail-empty").hidden = true;
    const body = $("detail-body");
    body.hidden = false;
    const conflicts = conflictsOf(alert);
    const gap = alert.gap;
    const actions = actionsSection(alert);
    const parts = [
      el("div", {}, el("span", { class: `badge ${alert.precedence}`, text: alert.precedence }), " ", ...statusBadges(alert),
        el("span", { class: "meta", text: ` ${alert.msg_type} · revision ${alert.revision} · ${alert.status} · ${utc(alert.updated_at)}` })),
      el("p", { class: "headline", id: "detail-headline", text: alert.headline }),
      el("p", { class: "meta", text: `alert ${alert.id} · incident ${alert.incident_id}` }),
      gap ? el("p", { class: "conflicts", text: `Sharing gap: ${gap.resolved ? "resolved" : `missing ${(gap.missing || []).join(", ")}`}; reported: ${(gap.reported || []).join(", ")}` }) : null,
      actions.ack,
      el("div", { class: "split" },
        el("div", {}, ...assessmentSection(alert), ...timelineSection(alert),
          el("h3", { text: "Conflicts" }),
          conflicts.length
            ? el("ul", { class: "conflicts" }, conflicts.map((c) => el("li", { text: `Sources differ on ${c}` })))
            : el("p", { class: "empty", text: "The sources agree." })),
        el("div", {}, ...mapSection(alert))),
      ...commitmentsSection(alert, incident),
      ...actions.silence,
      ...historySection(alert, history),
    ];
    body.replaceChildren(...parts.filter(Boolean));
  }

  // ------------------------------------------------------------------ keyboard

  function moveFocus(step) {
    const items = [...document.querySelectorAll(".alert-item")];
    if (!items.length) return;
    const index = items.indexOf(document.activeElement);
    const next = items[Math.max(0, Math.min(items.length - 1, index < 0 ? 0 : index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", (event) => {
    const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
    if (event.key === "Escape") {
      const current = document.querySelector('.alert-item[aria-current="true"]') || document.querySelector(".alert-item");
      if (current) current.focus();
      return;
    }
    if (typing) return;
    if (event.key === "ArrowDown" || event.key === "j") { moveFocus(1); event.preventDefault(); }
    else if (event.key === "ArrowUp" || event.key === "k") { moveFocus(-1); event.preventDefault(); }
    else if (event.key === "m") silenceAlarm();
  });

  // ------------------------------------------------------------------ start

  function clock() {
    const now = new Date();
    $("clock-utc").textContent = `${utcTime(now)}Z`;
    $("clock-kst").textContent = `${kst(now)} KST`;
    document.querySelectorAll(".countdown").forEach(tick);
  }

  async function start() {
    state.config = await getJSON("/console/config.json");
    const drill = Boolean(state.config.drill);
    document.body.classList.toggle("exercise", drill);
    document.body.dataset.namespace = state.config.namespace;
    $("exercise-banner").hidden = !drill;
    $("namespace").textContent = drill ? "EXERCISE" : "LIVE";
    document.title = drill ? "EXERCISE · launchwatch console" : "launchwatch console";
    $("token-field").hidden = !state.config.token_required;
    $("token").value = sessionStorage.getItem("launchwatch.token") || "";
    $("token").addEventListener("change", () => sessionStorage.setItem("launchwatch.token", $("token").value.trim()));
    $("callsign").value = localStorage.getItem("launchwatch.callsign") || "";
    $("callsign").addEventListener("change", () => localStorage.setItem("launchwatch.callsign", $("callsign").value.trim()));
    $("precedence-filters").replaceChildren(...PRECEDENCES.map((p) =>
      el("label", {}, el("input", { type: "checkbox", value: p, checked: true, onchange: render }), ` ${p}`)));
    $("filter-commitment").append(...state.config.commitments.map((c) => el("option", { value: c.id, text: c.id, title: c.title })));
    $("filter-party").append(...state.config.parties.map((p) => el("option", { value: p, text: p })));
    $("filter-commitment").addEventListener("change", render);
    $("filter-party").addEventListener("change", render);
    $("filter-since").addEventListener("change", reload);
    $("filters").addEventListener("submit", (event) => event.preventDefault());
    $("sound-toggle").addEventListener("click", () => setSound(!state.sound));
    $("flash-silence").addEventListener("click", silenceAlarm);
    setSound(state.sound);
    clock();
    setInterval(clock, 1000);
    try {
      state.map = await getJSON("/console/static/korea-map.json");
    } catch (_) {
      state.map = null;
    }
    await reload();
    connect();
    setInterval(reload, RESYNC_MS);
    document.body.dataset.ready = "true";
  }

  start().catch((error) => {
    setConnection(false, `console failed to start: ${error.message}`);
  });
})();
