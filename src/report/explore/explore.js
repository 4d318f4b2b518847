"use strict";
// explore.html: re-ranks the companies the page carries under the weights its reader sets, as the
// engine ranks them (scoring/aggregate.rs and scoring/mod.rs): weights rescaled to sum to one, a
// weighted sum over the lenses with evidence (or TOPSIS), totals compared to nine decimals rounded
// half away from zero, companies lacking evidence after the others, then ids in byte order.
(function () {
  const data = JSON.parse(document.getElementById("thesis-data").textContent);
  const criteria = data.criteria;
  const companies = data.companies;
  const thesisWeights = criteria.map((criterion) => criterion.weight);
  const sliders = criteria.map((criterion) =>
    document.querySelector('input[type="range"][name="' + CSS.escape(criterion.id) + '"]'));
  const shown = criteria.map((criterion) =>
    document.querySelector('output[for="w-' + CSS.escape(criterion.id) + '"]'));
  let weights = thesisWeights.slice();
  let ranked = [];

  function rescaled(raw) {
    let total = 0;
    for (const weight of raw) total += weight;
    return total > 0 ? raw.map((weight) => weight / total) : null;
  }

  // The engine's weighted_total: the weights of the lenses with a score, then each score's share.
  function weightedTotal(scores, w) {
    let available = 0;
    for (let j = 0; j < scores.length; j++) if (scores[j] !== null) available += w[j];
    if (!(available > 0)) return null;
    let total = 0;
    for (let j = 0; j < scores.length; j++) {
      if (scores[j] !== null) total += scores[j] * w[j] / available;
    }
    return total;
  }

  // The engine's topsis, with the column norms and extremes of every ranked company carried.
  function topsisCloseness(raw, w) {
    const t = data.topsis;
    const weighted = (value, j) => (t.norms[j] > 0 ? w[j] * value / t.norms[j] : 0);
    let present = false;
    let toIdeal = 0;
    let toAnti = 0;
    for (let j = 0; j < raw.length; j++) {
      if (raw[j] === null || t.max[j] === null) continue;
      present = true;
      const value = weighted(raw[j], j);
      const ideal = weighted(t.max[j], j);
      const anti = weighted(t.min[j], j);
      toIdeal += (value - ideal) * (value - ideal);
      toAnti += (value - anti) * (value - anti);
    }
    if (!present) return null;
    toIdeal = Math.sqrt(toIdeal);
    toAnti = Math.sqrt(toAnti);
    const spread = toIdeal + toAnti;
    return spread > 0 ? toAnti / spread : 0.5;
  }

  // A total to nine decimals, half away from zero, as an integer key.
  function totalKey(total) {
    const scaled = total * 1e9;
    let whole = Math.trunc(scaled);
    const fraction = scaled - whole;
    if (fraction >= 0.5) whole += 1;
    else if (fraction <= -0.5) whole -= 1;
    return whole;
  }

  function rank(raw) {
    const w = rescaled(raw);
    if (w === null) return null;
    const rows = companies.map((company) => {
      const total = data.aggregation === "topsis"
        ? topsisCloseness(company.r, w)
        : weightedTotal(company.s, w);
      const lacks = company.s.some((score) => score === null);
      const evidence = !lacks ? 0 : total !== null ? 1 : 2;
      return { company, total, evidence, key: total === null ? 0 : totalKey(total), w };
    });
    rows.sort((a, b) => a.evidence - b.evidence
      || (a.total === null ? 0 : b.key - a.key)
      || a.company.o - b.company.o);
    return rows;
  }

  function number(value) {
    return value === null ? "" : value.toFixed(6);
  }

  function corner(company) {
    const q = data.quadrant;
    if (!q) return "";
    const x = company.s[q.x];
    const y = company.s[q.y];
    if (x === null || y === null) return "";
    if (y >= q.y_threshold) return x >= q.x_threshold ? q.top_right : q.top_left;
    return x >= q.x_threshold ? q.bottom_right : q.bottom_left;
  }

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function renderTable() {
    const body = document.querySelector("#ranking tbody");
    const rows = [];
    ranked.slice(0, data.top).forEach((entry, position) => {
      const company = entry.company;
      const tr = document.createElement("tr");
      tr.dataset.id = company.id;
      const move = company.rank - (position + 1);
      cell(tr, String(position + 1), "n");
      cell(tr, move > 0 ? "▲" + move : move < 0 ? "▼" + -move : "=",
        move > 0 ? "n up" : move < 0 ? "n down" : "n");
      cell(tr, company.name);
      cell(tr, company.category);
      cell(tr, number(entry.total), "n");
      cell(tr, corner(company));
      company.s.forEach((score) => cell(tr, number(score), "n"));
      tr.addEventListener("click", () => explain(company, entry));
      rows.push(tr);
    });
    body.replaceChildren(...rows);
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(name, attributes, text) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function renderQuadrant() {
    const q = data.quadrant;
    const figure = document.getElementById("quadrant");
    if (!q) return;
    const [width, height, pad] = [720, 540, 48];
    const placed = ranked.slice(0, data.top)
      .filter((entry) => entry.company.s[q.x] !== null && entry.company.s[q.y] !== null);
    const xs = placed.map((entry) => entry.company.s[q.x]).concat([q.x_threshold, 0, 1]);
    const ys = placed.map((entry) => entry.company.s[q.y]).concat([q.y_threshold, 0, 1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const px = (x) => pad + (x - x0) / (x1 - x0 || 1) * (width - 2 * pad);
    const py = (y) => height - pad - (y - y0) / (y1 - y0 || 1) * (height - 2 * pad);
    const drawing = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "The quadrant, the current top companies labelled" });
    drawing.appendChild(svg("rect", { x: pad, y: pad, width: width - 2 * pad,
      height: height - 2 * pad, fill: "#fafaf7", stroke: "#ccc" }));
    drawing.appendChild(svg("line", { x1: px(q.x_threshold), x2: px(q.x_threshold), y1: pad,
      y2: height - pad, stroke: "#999", "stroke-dasharray": "4 4" }));
    drawing.appendChild(svg("line", { x1: pad, x2: width - pad, y1: py(q.y_threshold),
      y2: py(q.y_threshold), stroke: "#999", "stroke-dasharray": "4 4" }));
    const names = [[q.top_left, pad + 6, pad + 16, "start"], [q.top_right, width - pad - 6, pad + 16, "end"],
      [q.bottom_left, pad + 6, height - pad - 8, "start"], [q.bottom_right, width - pad - 6, height - pad - 8, "end"]];
    for (const [name, x, y, anchor] of names) {
      drawing.appendChild(svg("text", { x, y, "text-anchor": anchor, fill: "#888",
        "font-size": 13 }, name));
    }
    drawing.appendChild(svg("text", { x: width / 2, y: height - 12, "text-anchor": "middle",
      "font-size": 13 }, criteria[q.x].label + " →"));
    drawing.appendChild(svg("text", { x: 14, y: height / 2, "text-anchor": "middle",
      "font-size": 13, transform: "rotate(-90 14 " + height / 2 + ")" }, criteria[q.y].label + " →"));
    placed.slice().reverse().forEach((entry) => {
      const position = ranked.indexOf(entry);
      const top = position < 10;
      const { company } = entry;
      const [x, y] = [px(company.s[q.x]), py(company.s[q.y])];
      drawing.appendChild(svg("circle", { cx: x, cy: y, r: top ? 6 : 3.5,
        fill: top ? "#1f5f99" : "#9bb7d4", "fill-opacity": top ? 0.9 : 0.6 }));
      if (top) {
        drawing.appendChild(svg("text", { x: x + 8, y: y - 6, "font-size": 12 },
          (position + 1) + ". " + company.name));
      }
    });
    figure.replaceChildren(drawing);
  }

  function explain(company, entry) {
    const panel = document.getElementById("explanation");
    panel.replaceChildren();
    const heading = document.createElement("h3");
    heading.textContent = company.name + " (" + company.id + ")";
    panel.appendChild(heading);
    const summary = document.createElement("p");
    summary.textContent = "Rank " + (ranked.indexOf(entry) + 1) + " under these weights, "
      + company.rank + " under the thesis's; total " + (number(entry.total) || "none") + ".";
    panel.appendChild(summary);
    if (!company.e) {
      const note = document.createElement("p");
      note.className = "muted";
      note.textContent = data.unexplained;
      panel.appendChild(note);
      return;
    }
    const e = company.e;
    const list = document.createElement("ul");
    let [ruleAt, termAt, undecidedAt] = [0, 0, 0];
    criteria.forEach((criterion, j) => {
      const item = document.createElement("li");
      const title = document.createElement("strong");
      title.textContent = criterion.label;
      item.appendChild(title);
      // The lens's share of the weighted-sum total under weights w (none under TOPSIS).
      const share = (w) => {
        if (company.s[j] === null || data.aggregation === "topsis") return "—";
        let available = 0;
        company.s.forEach((score, k) => { if (score !== null) available += w[k]; });
        return available > 0 ? number(company.s[j] * w[j] / available) : "—";
      };
      const standing = company.s[j] === null
        ? ": insufficient evidence, left out of the total"
        : ": raw " + number(company.r[j]) + ", score " + number(company.s[j]) + ", contributes "
          + share(entry.w) + " here (" + share(rescaled(thesisWeights)) + " at the thesis weights)";
      item.appendChild(document.createTextNode(standing));
      const parts = document.createElement("ul");
      for (const rule of criterion.rules) {
        const outcome = e.o[ruleAt++];
        const line = document.createElement("li");
        line.className = outcome === "F" ? "fired" : outcome === "U" ? "undecided" : "muted";
        const reads = rule.reads.map((f) => data.fields[f] + " = " + e.v[f]).join("; ");
        const why = outcome === "U" ? e.u[undecidedAt++] : "";
        line.textContent = rule.id + " "
          + (outcome === "F" ? "fired" : outcome === "U" ? "undecided" : "did not fire")
          + " (" + rule.points + " points" + (reads ? "; read " + reads : "") + ")"
          + (why ? ": " + why : "") + " — " + rule.reason;
        parts.appendChild(line);
      }
      for (const field of criterion.terms) {
        const line = document.createElement("li");
        line.textContent = data.fields[field] + " = " + e.v[field] + " → "
          + (number(e.t[termAt++]) || "missing");
        parts.appendChild(line);
      }
      item.appendChild(parts);
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  function fragment() {
    return "#w=" + criteria.map((criterion, j) => criterion.id + ":" + String(weights[j])).join(",");
  }

  function apply(update) {
    const result = rank(weights);
    const status = document.getElementById("status");
    if (result === null) {
      status.textContent = "Every weight is zero: the ranking keeps the last weights that were not.";
      return;
    }
    status.textContent = "";
    ranked = result;
    const w = rescaled(weights);
    sliders.forEach((slider, j) => {
      if (slider && parseFloat(slider.value) !== weights[j]) slider.value = String(weights[j]);
      if (shown[j]) shown[j].textContent = (w[j] * 100).toFixed(1) + "%";
    });
    renderTable();
    renderQuadrant();
    if (update) {
      const target = weights.every((weight, j) => weight === thesisWeights[j]) ? "" : fragment();
      try {
        history.replaceState(null, "", target || location.pathname + location.search);
      } catch (error) {
        location.hash = target;
      }
    }
  }

  // `#w=lens:weight,…`: the lenses named take those weights, the others the thesis's.
  function fromFragment() {
    weights = thesisWeights.slice();
    const match = /^#w=(.*)$/.exec(decodeURIComponent(location.hash));
    if (!match) return;
    for (const pair of match[1].split(",")) {
      const [id, value] = pair.split(":");
      const j = criteria.findIndex((criterion) => criterion.id === id);
      const weight = Number(value);
      if (j >= 0 && value !== undefined && value.trim() !== "" && weight >= 0 && isFinite(weight)) {
        weights[j] = weight;
      }
    }
  }

  sliders.forEach((slider, j) => {
    if (!slider) return;
    slider.addEventListener("input", () => {
      weights[j] = parseFloat(slider.value);
      apply(true);
    });
  });
  document.getElementById("reset").addEventListener("click", () => {
    weights = thesisWeights.slice();
    apply(true);
  });
  window.addEventListener("hashchange", () => {
    fromFragment();
    apply(false);
  });
  fromFragment();
  apply(false);
  document.body.dataset.ready = "true";
})();
