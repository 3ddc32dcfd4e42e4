(function () {
  var details = document.getElementById("kg-details-text");
  var command = document.getElementById("kg-details-cmd");
  var pageLink = document.getElementById("kg-details-page");
  var status = document.getElementById("kg-search-status");
  var aloneButton = document.getElementById("kg-alone");
  var typeShown = {};
  var showAlone = false;

  function show(item, isNode) {
    details.textContent = item ? item.title : "";
    command.textContent = item && isNode ? "kg viz --focus " + item.id : "";
    // Agencies, campaigns and cases have a page of their own under entities/ (set by the writer).
    pageLink.hidden = !(item && isNode && item.page);
    if (!pageLink.hidden) { pageLink.setAttribute("href", item.page); } else { pageLink.removeAttribute("href"); }
  }

  // The hubs (nodes with `px`) keep their labels at `px` screen pixels however far the view
  // is zoomed out, and their dots visible; zoomed in, they fall back to the normal size.
  // The largest (`px` >= 14) always; a smaller one only where its label would not cover
  // the label of a hub before it (most connected first), else it waits for a closer zoom.
  var baseFont = options.nodes.font.size;
  var hubs = nodes.get({filter: function (n) { return !!n.px; }, fields: ["id", "px", "size", "label", "x", "y"]});
  hubs.sort(function (a, b) { return b.px - a.px || b.size - a.size || (a.id < b.id ? -1 : 1); });
  function labelBox(n, font, size) {
    var width = 0;
    for (var i = 0; i < n.label.length; i++) { width += n.label.charCodeAt(i) > 255 ? 1 : 0.6; }
    return {x0: n.x - width * font / 2, x1: n.x + width * font / 2, y0: n.y + size, y1: n.y + size + font * 1.3};
  }
  function keepHubsReadable() {
    var scale = network.getScale();
    var boxes = [];
    nodes.update(hubs.map(function (n) {
      var font = Math.max(baseFont, Math.ceil(n.px / scale));
      var size = Math.max(n.size, Math.ceil(n.px * 0.5 / scale));
      var box = labelBox(n, font, size);
      var covers = boxes.some(function (b) { return box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1; });
      if (covers && n.px < 14) { font = baseFont; } else { boxes.push(box); }
      return {id: n.id, font: {size: font, strokeWidth: Math.round(font / 4)}, size: size};
    }));
  }
  keepHubsReadable();
  network.on("zoom", keepHubsReadable);

  function applyVisibility() {
    nodes.update(nodes.get({fields: ["id", "group", "alone"]}).map(function (n) {
      return {id: n.id, hidden: typeShown[n.group] === false || (!!n.alone && !showAlone)};
    }));
  }

  function setAlone(shown) {
    if (!aloneButton || shown === showAlone) { return; }
    showAlone = shown;
    aloneButton.setAttribute("aria-pressed", shown ? "true" : "false");
    aloneButton.textContent = aloneButton.getAttribute(shown ? "data-hide" : "data-show");
    applyVisibility();
  }
  if (aloneButton) {
    aloneButton.addEventListener("click", function () {
      setAlone(!showAlone);
      network.fit();
      keepHubsReadable();
    });
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      show(nodes.get(params.nodes[0]), true);
    } else if (params.edges.length) {
      show(edges.get(params.edges[0]), false);
    }
  });

  // 0: the query is a node's name, alias or label; 1: one of them starts with it; 2: contains it.
  function matchRank(n, query) {
    var names = [n.title.split("\n")[0], n.label.split("\n")[0]].concat(n.a || []);
    var best = n.id === query ? 0 : 3;
    for (var i = 0; i < names.length && best > 0; i++) {
      var name = names[i].toLowerCase();
      best = Math.min(best, name === query ? 0 : name.lastIndexOf(query, 0) === 0 ? 1 : name.indexOf(query) !== -1 ? 2 : 3);
    }
    return best;
  }
  // The ids of the nodes matching `query`, best first: exact, prefix, substring; then the
  // more connected (bigger) node, the shorter name, the id.
  window.kgSearch = function (query) {
    query = query.trim().toLowerCase();
    if (!query) { return []; }
    var found = [];
    nodes.forEach(function (n) {
      var rank = typeShown[n.group] === false ? 3 : matchRank(n, query);
      if (rank < 3) { found.push({id: n.id, rank: rank, size: n.size, name: n.title.split("\n")[0]}); }
    }, {fields: ["id", "group", "title", "label", "a", "size"]});
    found.sort(function (a, b) {
      return a.rank - b.rank || b.size - a.size || a.name.length - b.name.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    return found.map(function (f) { return f.id; });
  };

  var last = {query: null, ids: [], at: 0};
  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("kg-search").value;
    if (!query.trim()) { return; }
    if (query === last.query && last.ids.length) {
      last.at = (last.at + 1) % last.ids.length;  // Enter again: the next match
    } else {
      last = {query: query, ids: window.kgSearch(query), at: 0};
    }
    if (!last.ids.length) {
      status.textContent = "no match";
      return;
    }
    status.textContent = last.ids.length === 1 ? "1 match"
      : (last.at + 1) + " of " + last.ids.length + " matches (Enter: next)";
    var node = nodes.get(last.ids[last.at]);
    if (node.alone) { setAlone(true); }
    network.selectNodes([node.id]);
    network.focus(node.id, {scale: 1.2});
    keepHubsReadable();
    show(node, true);
  });

  Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input"), function (box) {
    box.addEventListener("change", function () {
      typeShown[box.getAttribute("data-type")] = box.checked;
      applyVisibility();
    });
  });
})();
