// The playground calls the public API like any client: POST /v1/articles, then GET the job
// (?wait=) until it ends. Everything from the API is put into the page as text nodes, never as
// HTML, so an article cannot inject markup or script into the page.
"use strict";

(() => {
  const WAIT_S = 25; // per GET; the API holds a request at most 30 s
  const GIVE_UP_MS = 5 * 60 * 1000; // a job still running after this is reported, not waited on
  const MAX_RETRIES = 4; // 429 and 503, each after its Retry-After
  const MAX_RETRY_AFTER_S = 30;
  const SHOWN_FIELDS = new Set(["body", "entities", "summary", "sentiment", "language"]);

  const $ = (id) => document.getElementById(id);

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (name === "dataset") Object.assign(node.dataset, value);
      else node[name] = value;
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class Problem extends Error {
    constructor(status, problem) {
      super(problem.detail || problem.title || `HTTP ${status}`);
      this.status = status;
      this.problem = problem;
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function api(method, url, key, body) {
    const headers = { Accept: "application/json" };
    if (key) headers.Authorization = `Bearer ${key}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        credentials: "omit",
        redirect: "error",
      });
      const retryAfter = Number.parseInt(response.headers.get("Retry-After") || "", 10);
      if ((response.status === 429 || response.status === 503) && attempt < MAX_RETRIES) {
        const seconds = Number.isFinite(retryAfter) ? Math.min(retryAfter, MAX_RETRY_AFTER_S) : 2 ** attempt;
        status(`${response.status === 429 ? "rate limited" : "service unavailable"}; retrying in ${seconds} s`);
        await sleep(seconds * 1000);
        continue;
      }
      let data = null;
      try {
        data = await response.json();
      } catch {
        data = { detail: `${response.status} ${response.statusText} (not JSON)` };
      }
      if (!response.ok) throw new Problem(response.status, data || {});
      return { data, location: response.headers.get("Location") };
    }
  }

  function status(text) {
    $("status").textContent = text;
  }

  function request() {
    const article = $("article").value;
    let kind = $("kind").value;
    if (kind === "auto") kind = /^\s*</.test(article) ? "html" : "text";
    const body = { [kind]: article };
    const features = [...document.querySelectorAll('input[name="features"]:checked')].map((box) => box.value);
    if (features.length) body.features = features;
    const sentences = Number.parseInt($("summary-sentences").value, 10);
    if (Number.isFinite(sentences)) body.summary_sentences = sentences;
    const chars = Number.parseInt($("summary-chars").value, 10);
    if (Number.isFinite(chars)) body.summary_chars = chars;
    return body;
  }

  async function enrich(event) {
    event.preventDefault();
    const button = $("submit");
    button.disabled = true;
    $("problem").hidden = true;
    $("result").hidden = true;
    document.body.dataset.state = "running";
    try {
      const key = $("key").value.trim();
      status("submitting…");
      const accepted = await api("POST", "/v1/articles", key, request());
      let job = accepted.data;
      const jobUrl = accepted.location || `/v1/jobs/${encodeURIComponent(job.id)}`;
      const giveUp = Date.now() + GIVE_UP_MS;
      while (job.status !== "finished" && job.status !== "failed") {
        if (Date.now() > giveUp) throw new Error(`job ${job.id} is still ${job.status}; try ${jobUrl} later`);
        status(`job ${job.id}: ${job.status}${job.stage ? ` (${job.stage})` : ""}…`);
        job = (await api("GET", `${jobUrl}?wait=${WAIT_S}`, key)).data;
      }
      status(`job ${job.id}: ${job.status}`);
      render(job);
      document.body.dataset.state = job.status;
    } catch (error) {
      showProblem(error);
      document.body.dataset.state = "error";
      status("");
    } finally {
      button.disabled = false;
    }
  }

  function showProblem(error) {
    const problem = error instanceof Problem ? error.problem : { detail: String(error.message || error) };
    const code = problem.code ? ` (${problem.code})` : "";
    $("problem-title").textContent = `${problem.title || "Error"}${code}`;
    $("problem-detail").textContent = problem.detail || "";
    const list = $("problem-errors");
    list.replaceChildren();
    for (const [field, messages] of Object.entries(problem.errors || {})) {
      list.append(el("li", {}, el("code", {}, field), ": ", JSON.stringify(messages)));
    }
    $("problem").hidden = false;
  }

  function render(job) {
    const result = job.result;
    $("raw").textContent = JSON.stringify(job, null, 2);
    renderOverview(job);
    if (!result) {
      if (job.error) showProblem(new Problem(0, { title: "Job failed", code: job.error.code, detail: job.error.message }));
      $("result").hidden = false;
      for (const id of ["body", "summary", "other", "legend"]) $(id).replaceChildren();
      $("entities").tBodies[0].replaceChildren();
      return;
    }
    renderBody(result);
    renderSummary(result.summary);
    renderEntities(result.entities);
    renderOther(result);
    $("result").hidden = false;
  }

  function renderOverview(job) {
    const list = $("overview");
    list.replaceChildren();
    const add = (term, ...value) => list.append(el("dt", {}, term), el("dd", {}, ...value));
    add("job", `${job.id} · ${job.status} · attempts ${job.attempts ?? 0}`);
    const result = job.result || {};
    if (result.language) {
      const { code, name, confidence } = result.language;
      add("language", `${name} (${code}), confidence ${confidence.toFixed(2)}`);
    } else add("language", "not requested");
    if (result.sentiment) {
      const { label, score, scores } = result.sentiment;
      const meters = Object.entries(scores || {}).map(([name, value]) =>
        el("span", { className: "score" }, name, " ",
          el("meter", { min: 0, max: 1, value, title: value.toFixed(3) }), ` ${value.toFixed(2)}`));
      add("sentiment", el("strong", { className: `sentiment sentiment-${label}` }, label),
        ` ${score.toFixed(2)} `, ...meters);
    } else add("sentiment", "not requested");
  }

  // Offsets index the body in Unicode code points; JavaScript strings index UTF-16 code units.
  function codeUnitOffsets(text) {
    const offsets = [0];
    let units = 0;
    for (const char of text) {
      units += char.length;
      offsets.push(units);
    }
    return offsets;
  }

  function renderBody(result) {
    const body = result.body || "";
    const units = codeUnitOffsets(body);
    const length = units.length - 1;
    const valid = (span) => Number.isInteger(span.start) && Number.isInteger(span.end)
      && span.start >= 0 && span.end <= length && span.start < span.end;
    const mentions = [];
    for (const entity of result.entities || []) {
      for (const mention of entity.mentions || []) {
        if (valid(mention)) mentions.push({ ...mention, entity });
      }
    }
    const sentences = ((result.summary && result.summary.sentences) || []).filter(valid);
    const cuts = new Set([0, length]);
    for (const span of [...mentions, ...sentences]) {
      cuts.add(span.start);
      cuts.add(span.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const container = $("body");
    container.replaceChildren();
    for (let i = 0; i + 1 < points.length; i += 1) {
      const [start, end] = [points[i], points[i + 1]];
      let node = document.createTextNode(body.slice(units[start], units[end]));
      const mention = mentions.find((m) => m.start <= start && end <= m.end);
      if (mention) {
        const { type, text, score } = mention.entity;
        node = el("mark", {
          className: "entity",
          dataset: { type, entity: text },
          title: `${type}: ${text} (${score.toFixed(2)})`,
        }, node);
      }
      const sentence = sentences.findIndex((s) => s.start <= start && end <= s.end);
      if (sentence >= 0) {
        node = el("span", { className: "summary-sentence", dataset: { sentence: sentence + 1 } }, node);
      }
      container.append(node);
    }
    const types = [...new Set(mentions.map((m) => m.entity.type))].sort();
    $("legend").replaceChildren(
      ...types.map((type) => el("mark", { className: "entity", dataset: { type } }, type)),
      ...(sentences.length ? [el("span", { className: "summary-sentence" }, "summary sentence")] : []),
    );
  }

  function renderSummary(summary) {
    const list = $("summary");
    list.replaceChildren();
    if (!summary) {
      list.append(el("li", { className: "muted" }, "not requested"));
      return;
    }
    for (const sentence of summary.sentences || []) list.append(el("li", {}, sentence.text));
  }

  function renderEntities(entities) {
    const rows = $("entities").tBodies[0];
    rows.replaceChildren();
    if (!entities) {
      rows.append(el("tr", {}, el("td", { colSpan: 5, className: "muted" }, "not requested")));
      return;
    }
    for (const entity of entities) {
      const forms = [...new Set((entity.mentions || []).map((m) => m.text))].join(", ");
      rows.append(el("tr", {},
        el("td", {}, el("mark", { className: "entity", dataset: { type: entity.type } }, entity.text)),
        el("td", {}, entity.type),
        el("td", {}, entity.count),
        el("td", {}, entity.score.toFixed(2)),
        el("td", {}, forms)));
    }
  }

  // Every result field the page does not draw itself, as JSON: fields added later show up too.
  function renderOther(result) {
    const list = $("other");
    list.replaceChildren();
    for (const [name, value] of Object.entries(result)) {
      if (SHOWN_FIELDS.has(name)) continue;
      list.append(el("dt", { dataset: { field: name } }, name),
        el("dd", {}, el("pre", {}, JSON.stringify(value, null, 2))));
    }
  }

  $("request").addEventListener("submit", enrich);
})();
