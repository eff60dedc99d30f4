import EvalKitResults

extension HTMLReporter {
    /// The page's style. Case entries skip layout while off screen (`content-visibility`), so a
    /// report of many cases opens and filters quickly.
    static let style = """
    body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5rem 3rem;color:#222;background:#fff}
    h1{font-size:1.5rem;margin:1rem 0 .2rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ccc}
    h3{font-size:1rem;margin:1rem 0 .4rem}h5{font-size:.8rem;margin:0 0 .2rem;color:#555}
    .meta{color:#555;margin:.2rem 0}.warn{color:#a60;font-weight:bold}
    .v-pass,.pass{color:#161}.v-fail,.fail,.v-interrupted{color:#b00}.v-error{color:#a60}
    table{border-collapse:collapse;margin:.3rem 0}th,td{border:1px solid #ddd;padding:.15rem .5rem;text-align:left;vertical-align:middle}
    thead th{background:#f4f4f4}.num td{text-align:right;white-space:nowrap}.num td.l{text-align:left}td.pass,td.fail{font-weight:bold}
    .bar{vertical-align:middle;margin-left:.3rem}
    dl.figures{margin:.4rem 0}dl.figures dt{font-weight:bold}dl.figures dd{margin:0 0 0 1rem}dl.figures span{color:#555}
    #filters{position:sticky;top:0;background:#fff;padding:.4rem 0;border-bottom:1px solid #ccc;z-index:1}
    #filters label{margin-right:1rem}
    [hidden]{display:none!important}
    .case{border:1px solid #ddd;border-left:4px solid #6a6;margin:.4rem 0;padding:.3rem .5rem;content-visibility:auto;contain-intrinsic-size:auto 9rem}
    .k-failed{border-left-color:#c33}.k-error{border-left-color:#d90}.k-skipped{border-left-color:#999}
    .h{margin-bottom:.3rem}.tag{background:#eef;border-radius:3px;padding:0 .3rem;font-size:.8rem}
    .o-passed{color:#161}.o-failed{color:#b00}.o-error{color:#a60}.o-skipped{color:#777}
    .t-regressed{background:#fdd;color:#900;padding:0 .3rem}.t-fixed{background:#dfd;color:#060;padding:0 .3rem}
    .t-still_failing,.t-still_passing,.t-incomparable{color:#666;font-size:.8rem}
    .cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.5rem}.cols>div{min-width:0}
    pre{margin:0;padding:.3rem;background:#f7f7f7;white-space:pre-wrap;overflow-wrap:anywhere;max-height:20rem;overflow:auto;font:12px/1.35 ui-monospace,monospace}
    pre.sys{color:#666}.c{color:#a0a;background:#fef}.more,.note{color:#777;font-style:italic}
    .msg{margin:.2rem 0;color:#900}.diffs{margin-top:.4rem}.diff span{display:block;min-height:1.35em}.dd{background:#fdd}.di{background:#dfd}.dh{color:#669}
    details summary{cursor:pointer;color:#555;font-size:.8rem}
    """

    /// The filters: read from the URL fragment (`#q=…&outcome=failed&transition=regressed&tag=…`),
    /// applied by toggling `hidden` on each case, written back to the fragment. The text each case
    /// is searched by is read from the page once, just after it loaded (or at a search before
    /// that), so a search only compares strings. No `<` in the script, so
    /// the page holds no markup-like text outside its elements.
    static let script = """
    (function(){
    var d=document,f=d.getElementById('filters');if(!f)return;
    var rows=Array.prototype.slice.call(d.querySelectorAll('article.case')),text=null,shown=d.getElementById('shown');
    var names=['q','outcome','transition','tag'];
    function field(n){return f.elements.namedItem(n)}
    function value(n){var e=field(n);return e?e.value:''}
    function has(list,v,sep){return list.split(sep).indexOf(v)!==-1}
    function index(){if(!text)text=rows.map(function(r){return r.textContent.toLowerCase()})}
    function apply(){
    var q=value('q').trim().toLowerCase(),o=value('outcome'),t=value('transition'),g=value('tag'),n=0;
    if(q)index();
    for(var i=0;i!==rows.length;i++){var r=rows[i];
    var ok=(!o||has(r.dataset.o,o,' '))&&(!t||has(r.dataset.t,t,' '))&&(!g||has(r.dataset.g,g,'\\n'))&&(!q||text[i].indexOf(q)!==-1);
    if(r.hidden===ok)r.hidden=!ok;if(ok)n++}
    shown.textContent=n;d.body.setAttribute('data-shown',n)}
    function save(){var p=new URLSearchParams();names.forEach(function(n){var v=value(n);if(v)p.set(n,v)});
    var h=p.toString();history.replaceState(null,'',h?'#'+h:location.pathname+location.search)}
    function load(){var p=new URLSearchParams(location.hash.slice(1));names.forEach(function(n){var e=field(n);if(e)e.value=p.get(n)||''})}
    f.hidden=false;load();apply();
    f.addEventListener('input',function(){apply();save()});
    f.addEventListener('submit',function(e){e.preventDefault()});
    window.addEventListener('hashchange',function(){load();apply()});
    window.addEventListener('load',function(){setTimeout(index,0)});
    })();
    """
}
