/* graphlineage lineage view: a left-to-right DAG of runs, artifact versions and registered
 * models around one node, drawn with Cytoscape.js and the dagre layout.
 *
 * Data comes from the JSON routes of `graphlineage ui`, or, in a file written by
 * `graphlineage view`, from the answers embedded in the page (window.GRAPHLINEAGE_DATA).
 * Clicking a node re-centres on it and loads its neighbourhood; wide levels (5 or more
 * siblings of one kind) collapse into a cluster node that opens on click; impact mode lights
 * up everything downstream of the chosen node and lists the registry versions it reaches;
 * "by job" folds runs into their jobs and versions into their artifacts (datasets); an
 * OpenLineage dataset's panel asks column-level lineage (api/v1/columns).
 */
(function () {
  "use strict";

  const CLUSTER_AT = 5;
  const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                   "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
  const embedded = window.GRAPHLINEAGE_DATA || null;

  const state = {
    nodes: new Map(),        // ref -> LineageNode
    edges: new Map(),        // "source|type|target" -> LineageEdge
    focus: null,
    levels: { up: 2, down: 2 },
    expanded: new Set(),     // cluster keys opened by the user
    hiddenTypes: new Set(),  // artifact or job types switched off
    impact: null,            // {root, refs: Set, registry: [...]} while in impact mode
    impactMode: false,
    asOf: "",                // the graph as it stood then (ISO time), or "" for now
    byJob: false,            // runs folded into their jobs, versions into their artifacts
  };

  function when(params) {  // the as-of time travels with every question
    return state.asOf ? Object.assign({ as_of: state.asOf }, params) : params;
  }

  // -- data sources ----------------------------------------------------------------------
  async function getJSON(path, params) {
    const url = new URL(path, window.location.href);
    Object.entries(params).forEach(([k, v]) => url.searchParams.set(k, v));
    const response = await fetch(url, { credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  function localSubgraph(ref, up, down) {
    // the embedded graph is the whole neighbourhood the file was made for
    return { root: embedded.graph.nodes.find((n) => n.ref === ref), nodes: embedded.graph.nodes,
             edges: embedded.graph.edges, truncated: embedded.graph.truncated };
  }

  function localImpact(ref) {
    const down = new Map();
    embedded.graph.edges.forEach((e) => {
      const [a, b] = e.type === "USED" ? [e.target, e.source] : [e.source, e.target];
      if (!down.has(a)) down.set(a, []);
      down.get(a).push({ to: b, edge: e });
    });
    const seen = new Set([ref]);
    const queue = [ref];
    const registry = [];
    while (queue.length) {
      const at = queue.shift();
      (down.get(at) || []).forEach(({ to, edge }) => {
        if (edge.type === "LINKED_TO") {
          const details = embedded.details[at];
          const links = (details && details.artifact_version && details.artifact_version.registry) || [];
          links.filter((l) => "registry:" + l.model === to).forEach((l) => registry.push(
            { model: l.model, version: l.version, artifact_version: at, aliases: l.aliases }));
        }
        if (!seen.has(to)) { seen.add(to); queue.push(to); }
      });
    }
    seen.delete(ref);
    return { nodes: [...seen].map((r) => ({ ref: r })), registry };
  }

  const api = embedded ? {
    subgraph: async (ref, up, down) => localSubgraph(ref, up, down),
    node: async (ref) => embedded.details[ref] || { node: state.nodes.get(ref) },
    impact: async (ref) => localImpact(ref),
    search: async (text) => embedded.graph.nodes.filter(
      (n) => n.ref.includes(text) || n.name.includes(text)).slice(0, 20),
  } : {
    subgraph: (ref, up, down) => getJSON("api/v1/subgraph", when({ ref, up, down })),
    node: (ref) => getJSON("api/v1/node", when({ ref })),
    impact: (ref) => getJSON("api/v1/impact", when({ ref, limit: 5000 })),
    search: (text) => getJSON("api/v1/search", { q: text }),
  };

  // -- the view model --------------------------------------------------------------------
  function typeOf(node) { return node.type || node.kind; }

  function colour(text) {
    let hash = 0;
    for (const ch of String(text)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    return PALETTE[hash % PALETTE.length];
  }

  /* The job level: each run becomes its job (project and job type), each artifact version
   * its artifact (an OpenLineage dataset shows its name); edges between them are merged. */
  function groupOf(n) {
    if (n.kind === "run") {
      const job = n.type || n.name;
      return { ref: `job:${n.project}/${job}`, kind: "run", name: job, type: "job", members: [] };
    }
    if (n.kind === "artifact_version") {
      const key = n.ref.split(":")[0];
      const dataset = n.metadata && n.metadata.dataset;
      return { ref: key, kind: "artifact_version", name: dataset || key.split("/").slice(1).join("/"),
               type: n.type, members: [] };
    }
    return { ref: n.ref, kind: n.kind, name: n.name, type: n.type, members: [] };
  }

  function currentView() {
    if (!state.byJob) return { nodes: state.nodes, edges: state.edges, focus: state.focus, of: (r) => r };
    const nodes = new Map(), of = new Map();
    state.nodes.forEach((n, ref) => {
      const g = groupOf(n);
      if (!nodes.has(g.ref)) nodes.set(g.ref, g);
      nodes.get(g.ref).members.push(ref);
      of.set(ref, g.ref);
    });
    nodes.forEach((g) => { if (g.kind === "run") g.name = `${g.name} (${g.members.length} runs)`; });
    const edges = new Map();
    state.edges.forEach((e) => {
      const source = of.get(e.source), target = of.get(e.target);
      if (!source || !target || source === target) return;
      edges.set(`${source}|${e.type}|${target}`, { source, target, type: e.type });
    });
    return { nodes, edges, focus: of.get(state.focus) || state.focus, of: (r) => of.get(r) || r };
  }

  function flowNeighbours(view) {
    const down = new Map(), up = new Map();
    const add = (map, a, b) => { if (!map.has(a)) map.set(a, []); map.get(a).push(b); };
    view.edges.forEach((e) => {
      const [a, b] = e.type === "USED" ? [e.target, e.source] : [e.source, e.target];
      add(down, a, b); add(up, b, a);
    });
    return { down, up };
  }

  /* Walk out from the focus level by level in each direction; at each node, five or more
   * unseen neighbours of one kind become a cluster unless the user opened it. */
  function buildView(view) {
    const { down, up } = flowNeighbours(view);
    const visible = new Set([view.focus]);
    const clusters = [];
    const shown = (ref) => ref === view.focus || !state.hiddenTypes.has(typeOf(view.nodes.get(ref)));
    for (const [dir, adjacency] of [["down", down], ["up", up]]) {
      let frontier = [view.focus];
      const claimed = new Set([view.focus]);
      while (frontier.length) {
        const next = [];
        for (const at of frontier) {
          const fresh = (adjacency.get(at) || []).filter(
            (r) => view.nodes.has(r) && !claimed.has(r) && shown(r));
          const byKind = new Map();
          fresh.forEach((r) => {
            const kind = view.nodes.get(r).kind;
            if (!byKind.has(kind)) byKind.set(kind, []);
            byKind.get(kind).push(r);
          });
          byKind.forEach((refs, kind) => {
            const key = `${dir}|${at}|${kind}`;
            refs.forEach((r) => claimed.add(r));
            if (refs.length >= CLUSTER_AT && !state.expanded.has(key)) {
              clusters.push({ key, at, dir, kind, members: refs });
            } else {
              refs.forEach((r) => { visible.add(r); next.push(r); });
            }
          });
        }
        frontier = next;
      }
    }
    return { visible, clusters };
  }

  function elements() {
    const view = currentView();
    const affected = state.impact && new Set([...state.impact.refs].map(view.of));
    const impactRoot = state.impact && view.of(state.impact.root);
    const { visible, clusters } = buildView(view);
    const els = [];
    visible.forEach((ref) => {
      const n = view.nodes.get(ref);
      const classes = [n.kind];
      if (ref === view.focus) classes.push("focus");
      if (n.deleted_at) classes.push("deleted");
      if (state.impact) classes.push(affected.has(ref) && ref !== impactRoot ? "affected" : (ref === impactRoot ? "source" : "dim"));
      els.push({ group: "nodes", classes: classes.join(" "),
                 data: { id: ref, label: n.kind === "run" ? `${n.name}\n${n.type || "run"}` : `${n.name}\n${typeOf(n)}`,
                         colour: colour(typeOf(n)), member: n.members ? n.members[0] : ref } });
    });
    view.edges.forEach((e, id) => {
      const [a, b] = e.type === "USED" ? [e.target, e.source] : [e.source, e.target];
      if (!visible.has(a) || !visible.has(b)) return;
      const lit = state.impact && affected.has(b) && (affected.has(a) || a === impactRoot);
      els.push({ group: "edges", classes: e.type.toLowerCase() + (lit ? " affected" : ""),
                 data: { id, source: a, target: b, label: e.type === "LINKED_TO" ? "linked" : (e.type === "USED" ? "used by" : "produced") } });
    });
    clusters.forEach((c) => {
      const id = "cluster:" + c.key;
      const noun = c.kind === "run" ? "runs" : c.kind === "registered_model" ? "models" : "versions";
      const lit = state.impact && c.members.some((r) => affected.has(r));
      els.push({ group: "nodes", classes: "cluster" + (lit ? " affected" : ""),
                 data: { id, label: `${c.members.length} ${noun}\n(click to open)`, cluster: c.key, count: c.members.length } });
      const [a, b] = c.dir === "down" ? [c.at, id] : [id, c.at];
      els.push({ group: "edges", classes: "cluster-edge", data: { id: id + ":edge", source: a, target: b, label: "" } });
    });
    return els;
  }

  // -- drawing ---------------------------------------------------------------------------
  const cy = cytoscape({
    container: document.getElementById("graph"),
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { label: "data(label)", "text-wrap": "wrap", "text-valign": "center",
          "font-size": 10, width: 150, height: 42, "background-color": "data(colour)", color: "#fff",
          "text-outline-width": 1, "text-outline-color": "data(colour)", "border-width": 1, "border-color": "#333" } },
      { selector: "node.run", style: { shape: "round-rectangle" } },
      { selector: "node.artifact_version", style: { shape: "ellipse", width: 170 } },
      { selector: "node.registered_model", style: { shape: "hexagon", "background-color": "#2e7d32", "text-outline-color": "#2e7d32" } },
      { selector: "node.cluster", style: { shape: "round-rectangle", "background-color": "#eee", color: "#333",
          "text-outline-width": 0, "border-style": "dashed", "border-width": 2 } },
      { selector: "node.focus", style: { "border-width": 4, "border-color": "#c0392b" } },
      { selector: "node.dim", style: { opacity: 0.25 } },
      { selector: "node.deleted", style: { "border-style": "dashed", "border-width": 3, opacity: 0.6 } },
      { selector: "node.affected", style: { "border-width": 4, "border-color": "#e67e22", opacity: 1 } },
      { selector: "edge", style: { width: 1.5, "curve-style": "bezier", "target-arrow-shape": "triangle",
          "line-color": "#999", "target-arrow-color": "#999", label: "data(label)", "font-size": 8, color: "#666" } },
      { selector: "edge.linked_to", style: { "line-style": "dashed", "line-color": "#2e7d32", "target-arrow-color": "#2e7d32" } },
      { selector: "edge.affected", style: { "line-color": "#e67e22", "target-arrow-color": "#e67e22", width: 3 } },
      { selector: "edge.cluster-edge", style: { "line-style": "dotted" } },
    ],
  });

  function draw() {
    renderFilters();
    cy.resize();  // the header may have changed height: let Cytoscape re-measure its box
    cy.elements().remove();
    cy.add(elements());
    cy.layout({ name: "dagre", rankDir: "LR", nodeSep: 18, rankSep: 70, animate: false }).run();
    cy.fit(undefined, 30);
  }

  function merge(subgraph) {
    subgraph.nodes.forEach((n) => state.nodes.set(n.ref, Object.assign(state.nodes.get(n.ref) || {}, n)));
    subgraph.edges.forEach((e) => state.edges.set(`${e.source}|${e.type}|${e.target}`, e));
  }

  // -- the side panel --------------------------------------------------------------------
  const panel = document.getElementById("details");
  const status = document.getElementById("status");

  function row(label, value) {
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && !value.length) || (typeof value === "object" && !Object.keys(value).length)) return "";
    const text = typeof value === "object" ? JSON.stringify(value, null, 1) : String(value);
    return `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(text)}</dd>`;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch]));
  }

  async function showDetails(ref) {
    let details;
    try { details = await api.node(ref); } catch (err) { details = { node: state.nodes.get(ref) }; }
    const node = details.node || state.nodes.get(ref);
    let columnsFor = null;
    let html = `<h2>${escapeHtml(node.name)}</h2><p class="ref">${escapeHtml(node.ref)}</p>`;
    if (node.deleted_at) html += `<p class="deleted">deleted ${escapeHtml(node.deleted_at)}</p>`;
    (details.tainted_by || []).forEach((t) => {
      html += `<p class="tainted">tainted by ${escapeHtml(t.flag.severity)} flag on ` +
              `${escapeHtml(t.flag.ref)}: ${escapeHtml(t.flag.reason)}` +
              (t.distance ? ` (${escapeHtml(t.path.join(" \u2192 "))})` : "") + "</p>";
    });
    html += "<dl>";
    if (details.run) {
      const r = details.run;
      html += row("job type", r.job_type) + row("status", r.status) + row("started", r.started_at) +
              row("ended", r.ended_at) + row("config", r.config) + row("summary", r.summary) + row("id", r.id);
    } else if (details.artifact_version) {
      const v = details.artifact_version;
      html += row("type", v.type) + row("digest", v.digest) + row("aliases", v.aliases.join(", ")) +
              row("registry", v.registry.map((l) => `${l.model}:${l.version}` + (l.aliases.length ? ` (${l.aliases.join(", ")})` : "")).join("; ")) +
              row("metadata", v.metadata) + row("created", v.created_at);
      if (!embedded && v.metadata && v.metadata.dataset) {
        columnsFor = node.ref;
      }
    } else if (details.registered_model) {
      html += row("versions", details.registered_model.versions.map((v) =>
        `${v.version} = ${v.artifact_version}` + (v.aliases.length ? ` (${v.aliases.join(", ")})` : "")).join("; "));
    } else {
      html += row("type", typeOf(node)) + row("config", node.config) + row("metadata", node.metadata);
    }
    html += "</dl>";
    html += `<p><button id="more-up">+1 level upstream</button> <button id="more-down">+1 level downstream</button></p>`;
    if (columnsFor) {
      html += `<h3>Column lineage</h3><form id="column-form" onsubmit="return false"><input id="column" placeholder="column, e.g. total" size="14">
        <button id="column-up" type="button">upstream</button> <button id="column-down" type="button">downstream</button></form>
        <p id="column-head"></p><ul id="column-results"></ul>`;
    }
    if (state.impact) {
      html += `<h3>Impact of ${escapeHtml(state.impact.root)}</h3><p>${state.impact.refs.size} nodes downstream</p>`;
      html += `<ul id="affected-registry">` + (state.impact.registry.length ? state.impact.registry.map((r) =>
        `<li>${escapeHtml(r.model)} ${escapeHtml(r.version)} &larr; ${escapeHtml(r.artifact_version)}` +
        (r.aliases.length ? ` <strong>${escapeHtml(r.aliases.join(", "))}</strong>` : "") + "</li>").join("")
        : "<li>no registered model versions affected</li>") + "</ul>";
    }
    panel.innerHTML = html;
    document.getElementById("more-up").onclick = () => { state.levels.up += 1; focusOn(state.focus); };
    document.getElementById("more-down").onclick = () => { state.levels.down += 1; focusOn(state.focus); };
    if (columnsFor) {
      const ask = async (direction) => {
        const head = document.getElementById("column-head"), list = document.getElementById("column-results");
        window.graphlineage.ready = false;
        try {
          const answer = await getJSON("api/v1/columns", { ref: columnsFor, column: document.getElementById("column").value.trim(), direction });
          head.textContent = `${answer.total} columns ${direction} of ${answer.root.dataset}#${answer.root.column}`;
          list.innerHTML = answer.nodes.map((n) => `<li>${n.distance}: ${escapeHtml(n.dataset)} <strong>${escapeHtml(n.column)}</strong></li>`).join("");
        } catch (err) {
          head.textContent = "error: " + err.message;
          list.innerHTML = "";
        }
        window.graphlineage.ready = true;
      };
      document.getElementById("column-up").onclick = () => ask("upstream");
      document.getElementById("column-down").onclick = () => ask("downstream");
    }
  }

  function renderFilters() {
    const box = document.getElementById("filters");
    const types = new Map();
    state.nodes.forEach((n) => { if (n.kind !== "registered_model") types.set(typeOf(n), n.kind); });
    box.innerHTML = [...types.keys()].sort().map((t) =>
      `<label style="color:${colour(t)}"><input type="checkbox" data-type="${escapeHtml(t)}" ${state.hiddenTypes.has(t) ? "" : "checked"}> ${escapeHtml(t)} <small>${types.get(t) === "run" ? "job" : "artifact"}</small></label>`).join("");
    box.querySelectorAll("input").forEach((input) => {
      input.onchange = () => {
        const t = input.dataset.type;
        if (input.checked) state.hiddenTypes.delete(t); else state.hiddenTypes.add(t);
        draw();
      };
    });
  }

  // -- actions ---------------------------------------------------------------------------
  async function focusOn(ref) {
    status.textContent = "loading " + ref + " ...";
    window.graphlineage.ready = false;
    try {
      const sub = await api.subgraph(ref, state.levels.up, state.levels.down);
      merge(sub);
      state.focus = sub.root ? sub.root.ref : ref;
      if (state.impactMode) await loadImpact(state.focus);
      draw();
      status.textContent = (sub.truncated ? "neighbourhood cut at its node limit; " : "") +
        `${state.nodes.size} nodes loaded`;
      await showDetails(state.focus);
    } catch (err) {
      status.textContent = "error: " + err.message;
    }
    window.graphlineage.ready = true;
  }

  async function loadImpact(ref) {
    const answer = await api.impact(ref);
    state.impact = { root: ref, refs: new Set(answer.nodes.map((n) => n.ref)), registry: answer.registry || [] };
  }

  cy.on("tap", "node", async (event) => {
    const data = event.target.data();
    if (data.cluster) { state.expanded.add(data.cluster); draw(); return; }
    await focusOn(data.member || data.id);
  });

  const search = document.getElementById("search");
  const results = document.getElementById("results");
  document.getElementById("search-form").onsubmit = async (event) => {
    event.preventDefault();
    results.innerHTML = "";
    try {
      const found = await api.search(search.value.trim());
      if (found.length === 1 || (found.length && found[0].ref === search.value.trim())) {
        await focusOn(found[0].ref);
        return;
      }
      results.innerHTML = found.length ? found.map((n) =>
        `<li><a href="#" data-ref="${escapeHtml(n.ref)}">${escapeHtml(n.ref)}</a> <small>${escapeHtml(typeOf(n))}</small></li>`).join("")
        : "<li>nothing found</li>";
      results.querySelectorAll("a").forEach((a) => {
        a.onclick = (e) => { e.preventDefault(); results.innerHTML = ""; focusOn(a.dataset.ref); };
      });
    } catch (err) {
      status.textContent = "error: " + err.message;
    }
  };

  const asOf = document.getElementById("as-of");
  if (embedded) document.getElementById("as-of-label").style.display = "none";
  asOf.onchange = async () => {
    state.asOf = asOf.value.trim();
    state.nodes.clear(); state.edges.clear(); state.expanded.clear(); state.impact = null;
    if (state.focus) await focusOn(state.focus); else draw();
  };

  const impactToggle = document.getElementById("impact-mode");
  impactToggle.onchange = async () => {
    state.impactMode = impactToggle.checked;
    state.impact = null;
    if (state.impactMode && state.focus) await loadImpact(state.focus);
    draw();
    if (state.focus) await showDetails(state.focus);
  };

  const jobToggle = document.getElementById("job-level");
  jobToggle.onchange = () => { state.byJob = jobToggle.checked; draw(); };

  window.graphlineage = { cy, state, focusOn, ready: false };
  if (embedded) focusOn(embedded.root);
})();
