/// The page's inline style sheet and script: the report needs no external file, font or
/// script, so it works offline in any browser.
enum HTMLStyle {
    /// CSS side of the displayed pictures, in CSS pixels.
    static let displaySide = 256

    static let css = """
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { margin: 0; background: #f3f3f5; color: #1c1c1e;
      font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
    #flip { position: absolute; left: -9999px; }
    header { position: sticky; top: 0; z-index: 3; background: #fff; border-bottom: 1px solid #d8d8dc;
      padding: 10px 20px; display: flex; flex-wrap: wrap; gap: 4px 24px; align-items: baseline; }
    header h1 { font-size: 18px; margin: 0; }
    header .meta { color: #555; font-size: 13px; }
    header label { font-size: 13px; cursor: pointer; user-select: none; }
    header label .box { display: inline-block; width: 14px; height: 14px; border: 1px solid #777;
      border-radius: 3px; vertical-align: -2px; margin-right: 6px; background: #fff; }
    #flip:checked ~ header label .box { background: #2f6fdf; border-color: #2f6fdf; }
    #flip:checked ~ header label .box::after { content: "✓"; color: #fff; font-size: 12px; line-height: 12px;
      display: block; text-align: center; }
    #flip:focus-visible ~ header label { outline: 2px solid #2f6fdf; outline-offset: 2px; }
    main { padding: 14px 20px 24px; }
    section.image > h2 { font-size: 17px; margin: 6px 0 2px; }
    section.image > .meta { color: #555; font-size: 13px; margin: 0 0 10px; }
    section.row { background: #fff; border: 1px solid #d8d8dc; border-radius: 8px;
      margin: 0 0 16px; padding: 8px 14px 10px; }
    section.row h3 { font-size: 15px; margin: 2px 0 8px; font-weight: 600; }
    section.row h3 .given { font-weight: 400; color: #666; font-size: 12px; margin-left: 8px; }
    .checker { background: repeating-conic-gradient(#cccccc 0% 25%, #ffffff 0% 50%) 0 0 / 16px 16px; }
    .view { cursor: crosshair; }
    .mark { position: absolute; z-index: 1; outline: 1px solid #fff; border: 1px solid #e8174b;
      pointer-events: none; min-width: 3px; min-height: 3px; box-sizing: border-box; }
    .zoom { position: relative; overflow: hidden; margin-top: 6px; outline: 1px solid #e8174b; }
    .zoom img { position: absolute; max-width: none; }
    .spectrum { margin-top: 6px; background: #000; display: flex; align-items: center; justify-content: center;
      outline: 1px solid #c9c9cf; }
    .spectrum img { display: block; outline: 1px solid #3a6fd8; }
    section.failures { background: #fff0f0; border: 1px solid #e4b4b4; border-radius: 8px;
      padding: 6px 14px; margin: 0 0 16px; color: #8a1010; }
    .cells { display: flex; gap: 14px; overflow-x: auto; padding-bottom: 6px; align-items: flex-start; }
    figure.cell { flex: 0 0 auto; width: 256px; margin: 0; }
    figure.cell figcaption { min-height: 4.4em; font-size: 12px; margin-bottom: 4px; }
    figure.cell figcaption b { display: block; }
    code { font: 12px/1.35 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
      overflow-wrap: anywhere; }
    .view { position: relative; display: block; outline: 1px solid #c9c9cf; }
    .view img { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
    img.px { image-rendering: pixelated; }
    .view .src, .view .tag.src { visibility: hidden; }
    .view:hover .src, #flip:checked ~ main .view .src { visibility: visible; }
    .view:hover .out, #flip:checked ~ main .view .out { visibility: hidden; }
    .tag { position: absolute; right: 4px; bottom: 4px; z-index: 1; font-size: 11px; padding: 0 5px;
      border-radius: 3px; background: rgba(0,0,0,.62); color: #fff; pointer-events: none; }
    .heat { margin-top: 6px; outline: 1px solid #c9c9cf; }
    .heat img { display: block; width: 100%; height: 100%; }
    .label { font-size: 11px; color: #666; margin-top: 2px; }
    table.nums { border-collapse: collapse; font-size: 12px; margin: 4px 0 2px; width: 100%; }
    table.nums th { text-align: left; font-weight: 600; color: #555; padding: 1px 8px 1px 0;
      white-space: nowrap; vertical-align: top; width: 1%; }
    table.nums td { font-variant-numeric: tabular-nums; white-space: nowrap; }
    .error { flex: 0 0 auto; width: 256px; color: #8a1010; background: #fff0f0;
      border: 1px solid #e4b4b4; border-radius: 6px; padding: 8px; font-size: 13px; }
    section.legend { background: #fff; border: 1px solid #d8d8dc; border-radius: 8px; padding: 8px 14px; }
    section.legend h2 { font-size: 15px; margin: 2px 0 6px; }
    section.legend dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
    section.legend dt { font-weight: 600; }
    section.legend dd { margin: 0; max-width: 72em; }
    .ramp { position: relative; height: 14px; width: 360px; max-width: 100%; margin: 4px 0 18px;
      border: 1px solid #999; }
    .ramp span { position: absolute; top: 15px; font-size: 11px; transform: translateX(-50%); }
    """

    /// Counts images that loaded and records `N/M` on `<body data-loaded>`; moves the zoom
    /// region to a clicked point; with `#selftest` in the address, clicks the first stage
    /// view itself and records on `<body data-zoom>` whether every zoom followed and shows.
    static let script = """
    function zoomTo(sec, cy, cx) {
      var d = sec.dataset, H = +d.h, W = +d.w, rh = +d.rh, rw = +d.rw, s = +d.zs;
      var y = Math.max(0, Math.min(H - rh, Math.round(cy - rh / 2)));
      var x = Math.max(0, Math.min(W - rw, Math.round(cx - rw / 2)));
      d.ry = y; d.rx = x;
      sec.querySelectorAll(".zoom img").forEach(function (img) {
        img.style.left = (-x * s).toFixed(2) + "px"; img.style.top = (-y * s).toFixed(2) + "px";
      });
      sec.querySelectorAll(".mark").forEach(function (m) {
        m.style.left = (100 * x / W) + "%"; m.style.top = (100 * y / H) + "%";
      });
      sec.querySelectorAll(".region").forEach(function (r) { r.textContent = y + "," + x + "," + rh + "," + rw; });
    }
    document.addEventListener("click", function (e) {
      var v = e.target.closest && e.target.closest(".view");
      if (!v) { return; }
      var sec = v.closest("section.image"), r = v.getBoundingClientRect();
      zoomTo(sec, (e.clientY - r.top) / r.height * +sec.dataset.h, (e.clientX - r.left) / r.width * +sec.dataset.w);
    });
    function selfTest() {
      var v = document.querySelector("section.image figure.cell:not(.source) .view");
      if (!v) { return "no stage view"; }
      var sec = v.closest("section.image"), r = v.getBoundingClientRect();
      v.dispatchEvent(new MouseEvent("click", { bubbles: true, clientX: r.left + r.width * 0.25,
                                               clientY: r.top + r.height * 0.75 }));
      var bad = [], zooms = sec.querySelectorAll(".zoom");
      zooms.forEach(function (z) {
        var img = z.querySelector("img"), b = z.getBoundingClientRect(), i = img.getBoundingClientRect();
        var s = +sec.dataset.zs;
        if (!(b.width > 0 && b.height > 0 && img.naturalWidth > 0)) { bad.push("hidden"); }
        if (Math.abs(b.left - i.left - s * +sec.dataset.rx) > 1 || Math.abs(b.top - i.top - s * +sec.dataset.ry) > 1) {
          bad.push("misplaced");
        }
      });
      return bad.length ? "failed: " + bad.join(" ") : "ok " + zooms.length + " " + sec.dataset.ry + "," + sec.dataset.rx;
    }
    window.addEventListener("load", function () {
      var imgs = document.images, ok = 0, bad = [];
      for (var i = 0; i < imgs.length; i++) {
        if (imgs[i].complete && imgs[i].naturalWidth > 0) { ok++; } else { bad.push(imgs[i].getAttribute("src")); }
      }
      document.body.dataset.loaded = ok + "/" + imgs.length;
      if (bad.length) { document.body.dataset.broken = bad.join(" "); }
      if (location.hash === "#selftest") { document.body.dataset.zoom = selfTest(); }
    });
    """
}
