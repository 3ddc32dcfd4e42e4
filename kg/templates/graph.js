(function () {
  var details = document.getElementById("kg-details-text");
  var command = document.getElementById("kg-details-cmd");
  var pageLink = document.getElementById("kg-details-page");
  var status = document.getElementById("kg-search-status");

  function show(item, isNode) {
    details.textContent = item ? item.title : "";
    command.textContent = item && isNode ? "kg viz --focus " + item.id : "";
    // Agencies, campaigns and cases have a page of their own under entities/ (set by the writer).
    pageLink.hidden = !(item && isNode && item.page);
    if (!pageLink.hidden) { pageLink.setAttribute("href", item.page); } else { pageLink.removeAttribute("href"); }
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      show(nodes.get(params.nodes[0]), true);
    } else if (params.edges.length) {
      show(edges.get(params.edges[0]), false);
    }
  });

  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("kg-search").value.trim().toLowerCase();
    if (!query) { return; }
    // The first line of a tooltip is the full name; labels may be shortened.
    var found = nodes.get({
      filter: function (n) {
        return !n.hidden && (n.id === query || n.title.split("\n")[0].toLowerCase().indexOf(query) !== -1);
      }
    });
    if (!found.length) {
      status.textContent = "no match";
      return;
    }
    status.textContent = found.length === 1 ? "1 match" : found.length + " matches, showing the first";
    network.selectNodes([found[0].id]);
    network.focus(found[0].id, {scale: 1.2});
    show(found[0], true);
  });

  Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input"), function (box) {
    box.addEventListener("change", function () {
      var type = box.getAttribute("data-type");
      var ids = nodes.getIds({filter: function (n) { return n.group === type; }});
      nodes.update(ids.map(function (id) { return {id: id, hidden: !box.checked}; }));
    });
  });
})();
