"""The classroom page's style sheet and script, inlined into every page (render.html): no
file or network access, so a page works from a USB stick. The script reveals the rows that
carry ``data-step`` one by one and marks, on the picture, what the current row names."""

FONTS = ("system-ui, 'DejaVu Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', "
         "'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', SimHei, Arial, sans-serif")

# In a Jupyter output (data-nb) the text takes the host's own colour, so that tables read on
# JupyterLab's and VS Code's dark themes as on light ones; lines and muted text are grey at
# half strength, pictures keep a white card of their own, marks are brighter on dark themes.
CSS = """
.bp{font-family:%(fonts)s;color:#111;line-height:1.35;font-size:16px}
.bp h1{font-size:22px;margin:0}
.bp.bp-reveal>header>div:first-child{min-width:0}
.bp.bp-reveal h1,.bp.bp-reveal .bp-sub{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.bp h2{font-size:17px;margin:14px 0 4px}
.bp .bp-sub{color:#555;font-size:16px}
.bp{padding:0 14px 14px}
.bp table{border-collapse:collapse;margin:2px 0 8px}
.bp.bp-reveal table{width:100%%}
.bp.bp-reveal{padding:0}
.bp>header{padding:8px 0}
.bp.bp-two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0 28px}
.bp.bp-two>header{grid-column:1/3}
.bp .bp-curve svg{max-width:100%%;height:auto}
.bp th{text-align:left;font-size:16px;color:#555;border-bottom:2px solid #999;padding:2px 6px}
.bp td{border-bottom:1px solid #ddd;padding:3px 6px;vertical-align:top}
.bp td.bp-k{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;white-space:nowrap;font-weight:600}
.bp td.bp-v,.bp td.bp-n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;font-weight:600}
.bp .bp-s{color:#444}
.bp .bp-note{color:#8a5a00;font-style:italic}
.bp .bp-bad{color:#b00020;font-weight:700}
.bp .bp-ok{color:#12805c;font-weight:700}
.bp .bp-pic svg{width:100%%;height:auto;display:block}
.bp .bp-bar,.bp .bp-now{display:none}
.bp.bp-reveal .bp-bar{display:flex;gap:8px;align-items:center;flex-wrap:wrap;flex:0 0 auto;max-width:50%%}
.bp.bp-reveal{font-size:17px}
.bp.bp-reveal>header{position:sticky;top:0;z-index:2;background:#fff;padding:6px 14px;
  border-bottom:1px solid #ccc;display:flex;justify-content:space-between;align-items:center;gap:12px}
.bp.bp-reveal>.bp-left{padding:2px 10px}
/* the picture: its smallest text at ≥ 16 px (--bp-w, render/documents/html.py), larger where
   the screen has room; wider than the screen, it scrolls in its own box; the now line stays
   on the screen under a picture taller than it */
.bp.bp-reveal>.bp-left .bp-pic{overflow-x:auto}
.bp.bp-reveal>.bp-left .bp-pic svg{margin:0 auto;max-width:none;
  width:max(var(--bp-w,0px),min(100%%,calc((100vh - 170px)*var(--bp-ar,2))))}
.bp.bp-reveal>.bp-left .bp-pic.bp-fit svg{width:100%%;max-height:calc(100vh - 170px)}
.bp.bp-reveal .bp-now{position:sticky;bottom:0;z-index:1}
.bp.bp-reveal>.bp-right{padding:10px 14px 50vh;border-top:1px solid #ccc;max-width:1250px}
.bp td.bp-f{overflow-wrap:anywhere}
.bp.bp-reveal .bp-now{display:block;font-size:24px;padding:6px 12px;
  background:#fff7cc;border-radius:8px;min-height:1.4em}
.bp .bp-now .bp-k{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-weight:700}
.bp button{font:inherit;font-size:16px;padding:4px 12px;border:1px solid #888;border-radius:6px;background:#f4f4f4;cursor:pointer}
.bp .bp-count{font-variant-numeric:tabular-nums;color:#333;min-width:5em;text-align:right}
.bp .bp-help{font-size:16px;color:#555}
.bp[data-nb]{color:inherit;background:transparent}
.bp[data-nb] .bp-sub,.bp[data-nb] th,.bp[data-nb] .bp-s,.bp[data-nb] .bp-count,
.bp[data-nb] .bp-help{color:inherit;opacity:.75}
.bp[data-nb] th{border-bottom-color:rgba(128,128,128,.75)}
.bp[data-nb] td{border-bottom-color:rgba(128,128,128,.35)}
.bp[data-nb] .bp-pic svg,.bp[data-nb] .bp-curve svg{background:#fff;border-radius:6px;color:#111}
body[data-jp-theme-light=false] .bp[data-nb] .bp-bad,body.vscode-dark .bp[data-nb] .bp-bad,
body.vscode-high-contrast .bp[data-nb] .bp-bad{color:#ff8a98}
body[data-jp-theme-light=false] .bp[data-nb] .bp-ok,body.vscode-dark .bp[data-nb] .bp-ok,
body.vscode-high-contrast .bp[data-nb] .bp-ok{color:#62e3ae}
body[data-jp-theme-light=false] .bp[data-nb] .bp-note,body.vscode-dark .bp[data-nb] .bp-note,
body.vscode-high-contrast .bp[data-nb] .bp-note{color:#f2c46d}
/* on a phone only the tables (and the picture's own box) scroll */
@media (max-width:700px){
.bp.bp-reveal>header{flex-wrap:wrap}
.bp.bp-reveal .bp-bar{max-width:100%%}
.bp table{display:block;overflow-x:auto;max-width:100%%}
.bp.bp-reveal .bp-now{font-size:18px;overflow-wrap:anywhere}
}
@media screen{
.bp tr[data-state=pending] .bp-s,.bp tr[data-state=pending] .bp-v,
.bp tr[data-state=pending] .bp-hide{visibility:hidden}
.bp tr[data-state=current]{background:#ffe97a}
.bp tr.bp-op{background:#dcebff}
.bp svg .bp-hidden{visibility:hidden}
.bp svg text.bp-hl-cur{fill:#c2185b;font-weight:700}
.bp svg text.bp-hl-op{fill:#1557b0;font-weight:700}
.bp svg rect.bp-hl-node{stroke:#e65100;stroke-width:5}
.bp svg line.bp-hl-edge{stroke:#e65100;stroke-width:6}
}
@media print{
  .bp .bp-bar,.bp .bp-now,.bp .bp-help{display:none!important}
  .bp.bp-reveal>header{position:static}
  .bp.bp-reveal>.bp-right{border:0;padding:0}
  .bp.bp-reveal>.bp-left .bp-pic svg{max-height:none;width:100%%}
  .bp tr{break-inside:avoid}
}
""" % {"fonts": FONTS}

JS = r"""
(function(){
var root=document.currentScript.parentNode;
var rows=[].slice.call(root.querySelectorAll('tr[data-step]'));
rows.sort(function(a,b){return a.dataset.step-b.dataset.step});
var keys=rows.map(function(r){return r.dataset.key});
var texts=[].slice.call(root.querySelectorAll('svg text[data-key]'));
var rects=[].slice.call(root.querySelectorAll('svg rect[data-node]'));
var lines=[].slice.call(root.querySelectorAll('svg line[data-edge]'));
var now=root.querySelector('.bp-now'), count=root.querySelector('.bp-count');
var pos=0, all=false;
function list(r,a){return r&&r.dataset[a]?r.dataset[a].split(' '):[]}
function show(){
  var n=all?rows.length:pos, cur=all?null:rows[pos-1];
  var revealed={};
  rows.forEach(function(r,i){r.dataset.state=i<n?(r===cur?'current':'shown'):'pending';
    r.classList.remove('bp-op');if(i<n)revealed[r.dataset.key]=1});
  var ops=list(cur,'ops'),marks=list(cur,'marks'),nodes=list(cur,'nodes'),edges=list(cur,'edges');
  rows.forEach(function(r){if(r!==cur&&ops.indexOf(r.dataset.key)>=0&&r.dataset.state!=='pending')r.classList.add('bp-op')});
  texts.forEach(function(t){var k=t.getAttribute('data-key');
    t.classList.toggle('bp-hidden',keys.indexOf(k)>=0&&!revealed[k]);
    t.classList.toggle('bp-hl-cur',!!cur&&k===cur.dataset.key);
    t.classList.toggle('bp-hl-op',!!cur&&k!==cur.dataset.key&&marks.indexOf(k)>=0)});
  rects.forEach(function(e){e.classList.toggle('bp-hl-node',nodes.indexOf(e.getAttribute('data-node'))>=0)});
  lines.forEach(function(e){e.classList.toggle('bp-hl-edge',edges.indexOf(e.getAttribute('data-edge'))>=0)});
  if(count)count.textContent=(all?rows.length:pos)+' / '+rows.length;
  if(now)now.innerHTML=cur?cur.querySelector('template').innerHTML:(all?root.dataset.all:root.dataset.start);
  var h=all?'#all':(cur?'#'+cur.dataset.key:'#start');
  if(location.hash!==h)history.replaceState(null,'',h);
}
function go(p){all=false;pos=Math.max(0,Math.min(rows.length,p));show()}
function fromHash(){var h=decodeURIComponent(location.hash.slice(1));
  if(h==='all'){all=true;show();return}
  var i=keys.indexOf(h);go(i>=0?i+1:0)}
document.addEventListener('keydown',function(e){
  if(e.altKey||e.ctrlKey||e.metaKey)return;
  var k=e.key;
  if(k==='ArrowRight'||k===' '||k==='PageDown'||k==='n'){go((all?rows.length:pos)+1)}
  else if(k==='ArrowLeft'||k==='PageUp'||k==='Backspace'||k==='p'){go((all?rows.length:pos)-1)}
  else if(k==='a'||k==='A'){all=!all;show()}
  else if(k==='Home'){go(0)}else if(k==='End'){go(rows.length)}
  else return;
  e.preventDefault()});
root.querySelector('.bp-next').onclick=function(){go((all?rows.length:pos)+1)};
root.querySelector('.bp-back').onclick=function(){go((all?rows.length:pos)-1)};
root.querySelector('.bp-all').onclick=function(){all=!all;show()};
window.addEventListener('hashchange',fromHash);
fromHash();
})();
"""

# the live page (render/documents/live.py): fields, changed values, practice, training; dark
# mode
LIVE_CSS = """
.bp input{font:inherit;font-size:16px;padding:2px 4px;border:1px solid #888;border-radius:4px;background:#fff;color:inherit;max-width:9em}
.bp input[aria-invalid=true]{border-color:#b00020;outline:2px solid #b00020}
.bp .bp-changed,.bp input.bp-changed{background:#ffe0b2}
.bp svg text.bp-changed{fill:#d84315;font-weight:700;text-decoration:underline}
.bp svg text.bp-given{cursor:pointer}
.bp svg text.bp-given:focus{outline:3px solid #1557b0}
.bp .bp-changed-note,.bp .bp-notes{color:#8a5a00;font-weight:600}
.bp .bp-mark{font-size:16px}
.bp .bp-hint{font-size:16px;color:#1557b0}
.bp .bp-hint-b{font-size:16px;padding:1px 6px;margin-left:4px}
.bp.bp-practising td.bp-v{white-space:normal;text-align:left;min-width:12em}
.bp.bp-practising tr[data-step] .bp-s{opacity:0}
.bp .bp-export{font-size:16px}
.bp .bp-train svg{width:100%;max-width:420px;height:auto;display:block}
.bp .bp-loss polyline{fill:none;stroke:#1f77b4;stroke-width:2}
.bp .bp-loss .bp-frame{fill:none;stroke:#999}
.bp .bp-c0{fill:#cfe3f7}.bp .bp-c1{fill:#f9d0cf}.bp .bp-c2{fill:#d3efd0}.bp .bp-c3{fill:#e6dcf2}
.bp .bp-regions text{font-size:16px;font-weight:700}
.bp .bp-m0{fill:#0b4a8b}.bp .bp-m1{fill:#8b0b0b}.bp .bp-m2{fill:#0b6b22}.bp .bp-m3{fill:#4b1b7b}
input.bp-over{position:absolute;z-index:9;font-size:18px;width:9em}
.bp .bp-left{position:relative}
.bp .bp-zoom{position:absolute;top:4px;right:16px;z-index:1;opacity:.9}
@media (prefers-color-scheme:dark){
.bp{color:#e8e8e8;background:#15171a}
.bp.bp-reveal>header{background:#15171a}
.bp .bp-sub,.bp th,.bp .bp-help,.bp .bp-count,.bp .bp-s{color:#b8b8b8}
.bp td{border-bottom-color:#333}
.bp button{background:#2a2d31;color:#eee;border-color:#666}
.bp input{background:#22252a}
.bp.bp-reveal .bp-now{background:#3d3510}
.bp tr[data-state=current]{background:#5a4a00}
.bp tr.bp-op{background:#1d3350}
.bp .bp-changed,.bp input.bp-changed{background:#5a3a10}
.bp .bp-pic svg{background:#f7f7f7;border-radius:6px}
.bp .bp-train svg{background:#f7f7f7}
}
"""

