using Gateway.Differential.Tests.Infrastructure;

namespace Gateway.Differential.Tests;

/// <summary>
/// The cases, each run through HAProxy 2.6 and the gateway. A case marked <c>Differs</c> is one
/// where we differ on purpose; the suite checks that it still differs and that docs/rules.md
/// states the reason.
/// </summary>
public static class DifferentialCases
{
    private const string Get = "GET / HTTP/1.1";

    public static IReadOnlyList<DifferentialCase> All { get; } =
    [
        // Fetches and match methods.
        new("path_methods", """
            acl beg path_beg /api/
            acl end path_end .jpg
            acl sub path_sub admin
            acl dir path_dir img
            acl reg path_reg ^/v[0-9]+/
            acl len path_len 5
            http-request set-header x-beg 1 if beg
            http-request set-header x-end 1 if end
            http-request set-header x-sub 1 if sub
            http-request set-header x-dir 1 if dir
            http-request set-header x-reg 1 if reg
            http-request set-header x-len 1 if len
            """, "GET /api/x HTTP/1.1", "GET /static/img/a.jpg HTTP/1.1", "GET /v2/admin HTTP/1.1", "GET /abcd HTTP/1.1", "GET /imgx/a HTTP/1.1"),
        new("str_and_case", """
            acl exact path /Exact
            acl nocase path -i /exact
            http-request set-header x-exact 1 if exact
            http-request set-header x-nocase 1 if nocase
            """, "GET /Exact HTTP/1.1", "GET /EXACT HTTP/1.1", "GET /exact?q=1 HTTP/1.1"),
        new("headers", """
            acl h1 hdr(x-a) one
            acl hfirst hdr(x-a,1) one
            acl hlast hdr(x-a,-1) three
            acl hcnt hdr_cnt(x-a) eq 3
            acl fcnt req.fhdr(x-a) -m sub two
            acl hdom hdr_dom(host) -i example.com
            acl hbeg hdr_beg(host) -i www.
            acl hfound hdr(x-none) -m found
            http-request set-header x-h1 1 if h1
            http-request set-header x-hfirst 1 if hfirst
            http-request set-header x-hlast 1 if hlast
            http-request set-header x-hcnt 1 if hcnt
            http-request set-header x-fcnt 1 if fcnt
            http-request set-header x-hdom 1 if hdom
            http-request set-header x-hbeg 1 if hbeg
            http-request set-header x-hfound 1 if hfound
            http-request set-header x-last %[hdr(x-a)]
            http-request set-header x-count %[hdr_cnt(x-a)]
            """, "GET / HTTP/1.1\nHost: www.Example.com:8080\nX-A: one, two, three", "GET / HTTP/1.1\nHost: badexample.com\nX-A: two"),
        new("quoted_values", """
            http-request set-header x-count %[hdr_cnt(x-l)]
            http-request set-header x-first %[hdr(x-l,1)]
            http-request set-header x-last %[hdr(x-l,-1)]
            """, "GET / HTTP/1.1\nX-L: \"a,b\", c"),
        new("hdr_val", """
            acl v12 hdr_val(x-v) eq 12
            acl v0 hdr_val(x-v) eq 0
            acl vneg hdr_val(x-v) lt 0
            acl vrange hdr_val(x-v) 10:20
            http-request set-header x-v12 1 if v12
            http-request set-header x-v0 1 if v0
            http-request set-header x-vneg 1 if vneg
            http-request set-header x-vrange 1 if vrange
            """, "GET / HTTP/1.1\nX-V: 12abc", "GET / HTTP/1.1\nX-V: abc", "GET / HTTP/1.1\nX-V: -5", "GET / HTTP/1.1\nX-V: 15"),
        new("cookies", """
            acl has_e req.cook(e) -m found
            acl e_empty req.cook(e) -m len 0
            acl f2 req.cook(f) 2
            acl cook_short cook(g) 3
            http-request set-header x-has-e 1 if has_e
            http-request set-header x-e-empty 1 if e_empty
            http-request set-header x-f2 1 if f2
            http-request set-header x-g3 1 if cook_short
            http-request set-header x-cnt %[req.cook_cnt()]
            http-request set-header x-cnt-a %[req.cook_cnt(a)]
            http-request set-header x-last-a %[req.cook(a)]
            """, "GET / HTTP/1.1\nCookie: e=; f=2; g=3; a=1; a=4", "GET / HTTP/1.1\nCookie: f=3"),
        new("url_param", """
            acl y2 url_param(y) 2
            acl dbg url_param(debug) -m found
            acl x1 urlp(x) 1
            http-request set-header x-y2 1 if y2
            http-request set-header x-dbg 1 if dbg
            http-request set-header x-x1 1 if x1
            http-request set-header x-first-x %[url_param(x)]
            """, "GET /a?x=1;debug;y=2 HTTP/1.1", "GET /a?debug&x=3&x=1 HTTP/1.1", "GET /a?debug= HTTP/1.1"),
        new("query", """
            acl hasq query -m found
            acl q1 query a=1
            http-request set-header x-hasq 1 if hasq
            http-request set-header x-q1 1 if q1
            http-request set-header x-q "[%[query]]"
            http-request set-header x-url %[url]
            """, "GET /x? HTTP/1.1", "GET /x HTTP/1.1", "GET /x?a=1 HTTP/1.1"),
        new("method", """
            acl mget method GET
            acl mi method -i get
            acl mpost method POST
            http-request set-header x-mget 1 if mget
            http-request set-header x-mi 1 if mi
            http-request set-header x-mpost 1 if mpost
            http-request set-header x-method %[method]
            """, "GET / HTTP/1.1", "POST / HTTP/1.1\nContent-Length: 0", "PURGE / HTTP/1.1"),
        new("addresses", """
            acl local src 127.0.0.0/8
            acl other src 10.0.0.0/8
            acl v6 src ::1
            http-request set-header x-local 1 if local
            http-request set-header x-other 1 if other
            http-request set-header x-v6 1 if v6
            http-request set-header x-src %[src]
            http-request set-header x-masked %[src,ipmask(24)]
            """, Get),
        new("constants", """
            http-request set-header x-str "[%[str(abc)]]"
            http-request set-header x-empty "[%[str()]]"
            http-request set-header x-bool %[bool(true)]
            http-request set-header x-int %[int(-12)]
            acl yes bool(1) -m bool
            acl no bool(false) -m bool
            acl s str(abc) abc
            http-request set-header x-yes 1 if yes
            http-request set-header x-no 1 if no
            http-request set-header x-s 1 if s
            http-request set-header x-always 1 if TRUE !FALSE
            """, Get),
        new("converters", """
            http-request set-header x-lower %[hdr(x-a),lower]
            http-request set-header x-upper %[hdr(x-a),upper]
            http-request set-header x-b64 %[hdr(x-a),base64]
            http-request set-header x-len %[hdr(x-a),length]
            http-request set-header x-regsub %[path,regsub(^/a,/b)]
            http-request set-header x-regsub-g %[path,regsub(a,x,g)]
            http-request set-header x-dec %[url_param(p),url_dec]
            """, "GET /aaa?p=a%20b%2Fc HTTP/1.1\nX-A: MiXed"),
        new("ver_and_base", """
            acl v11 req.ver 1.1
            http-request set-header x-v11 1 if v11
            http-request set-header x-ver %[req.ver]
            http-request set-header x-base %[base]
            """, "GET /p?q=1 HTTP/1.1\nHost: b.example"),

        new("maps", """
            http-request set-header x-host-map %[req.hdr(host),lower,map(@MAPS@/hosts.map,none)]
            http-request set-header x-path-beg %[path,map_beg(@MAPS@/paths.map,none)]
            http-request set-header x-path-end %[path,map_end(@MAPS@/suffixes.map,none)]
            http-request set-header x-path-reg %[path,map_reg(@MAPS@/regs.map,none)]
            http-request set-header x-src-ip %[src,map_ip(@MAPS@/nets.map,none)]
            use_backend %[req.hdr(host),lower,map(@MAPS@/hosts.map,web)]
            """, "GET /api/v1/x.json HTTP/1.1\nHost: API.example.com", "GET /static/a.css HTTP/1.1\nHost: nowhere.test")
        {
            Maps = new Dictionary<string, string>
            {
                ["hosts"] = "api.example.com api\nother.example.com other\n",
                ["paths"] = "/api/ api-prefix\n/static/ static-prefix\n",
                ["suffixes"] = ".json json\n.css css\n",
                ["regs"] = "^/api/v[0-9]+/ versioned\n",
                ["nets"] = "127.0.0.0/8 loopback\n10.0.0.0/8 private\n",
            },
        },
        new("map_longest_prefix", """
            http-request set-header x-prefix %[path,map_beg(@MAPS@/nested.map,none)]
            """, "GET /a/b/c HTTP/1.1")
        {
            Maps = new Dictionary<string, string> { ["nested"] = "/a/ short\n/a/b/ long\n" },
            Differs = "`map_beg`, `map_end` and `map_ip` return the earliest matching entry in the map's order; HAProxy returns the longest match for prefix and network maps. Order the entries accordingly",
        },
        new("more_converters", """
            http-request set-header x-enc %[url_param(p),url_enc]
            http-request set-header x-b64dec %[hdr(x-b),b64dec]
            http-request set-header x-mask6 %[src,ipmask(16)]
            """, "GET /?p=a%20b/c HTTP/1.1\nX-B: aGVsbG8="),
        new("json_converter", """
            http-request set-header x-json %[hdr(x-j),json]
            """, "GET / HTTP/1.1\nX-J: a\"b")
        {
            Differs = "`json` escapes as System.Text.Json does (`\\u0022` for a quote): valid JSON, different bytes",
        },

        // Conditions.
        new("conditions", """
            acl a path_beg /a
            acl b hdr(x-b) 1
            http-request set-header x-and 1 if a b
            http-request set-header x-or 1 if a || b
            http-request set-header x-or-word 1 if a or b
            http-request set-header x-not 1 if !a
            http-request set-header x-not-space 1 if ! a
            http-request set-header x-anon 1 if { path_beg /a } !{ hdr(x-b) 1 }
            http-request set-header x-anon-space 1 if ! { path_beg /a }
            http-request set-header x-unless 1 unless a
            """, "GET /a HTTP/1.1", "GET /z HTTP/1.1\nX-B: 1", "GET /a HTTP/1.1\nX-B: 1"),
        new("lenient_conditions", """
            acl nopattern hdr(x-a)
            http-request set-header x-if-empty 1 if
            http-request set-header x-unless-empty 1 unless
            http-request set-header x-if-bang 1 if !
            http-request set-header x-unless-bang 1 unless !
            http-request set-header x-dangling 1 if { path_beg /a } ||
            http-request set-header x-nopattern 1 if nopattern
            http-request set-header x-not-nopattern 1 unless nopattern
            """, "GET /a HTTP/1.1\nX-A: x", "GET /b HTTP/1.1"),

        // Actions.
        new("header_actions", """
            http-request set-header x-set one
            http-request add-header x-add two
            http-request del-header x-drop
            http-request replace-header x-rh ^v(.*)$ w\1
            http-request replace-value x-rv ^a(.*) b\1
            http-response set-header x-res %[status]
            http-response add-header x-res-add 1
            http-response del-header x-backend-none
            """, "GET / HTTP/1.1\nX-Drop: 1\nX-Rh: v1, v2\nX-Rv: a1, a2,c, a3"),
        new("repeated_header_lines", """
            http-request add-header x-add two
            http-request add-header x-add three
            """, "GET / HTTP/1.1\nX-Add: one")
        {
            Differs = "Repeated request header lines reach the server joined into one line with `, `",
        },
        new("request_line", """
            http-request set-path /new%[path] if { path_beg /old }
            http-request replace-path ^/r/(.*) /rewritten/\1
            http-request set-query a=b if { path_beg /q }
            http-request set-query %[var(txn.none)] if { path_beg /emptyq }
            http-request set-method PUT if { path_beg /m }
            """, "GET /old/x?k=v HTTP/1.1", "GET /r/x/y HTTP/1.1", "GET /q?z=1 HTTP/1.1", "GET /emptyq?z=1 HTTP/1.1", "GET /m HTTP/1.1"),
        new("vars", """
            http-request set-var(txn.p) path
            http-request set-var(req.h) hdr(x-a),lower
            http-request set-header x-p %[var(txn.p)]
            http-request set-header x-h %[var(req.h)]
            acl pv var(txn.p) -m beg /v
            http-request set-header x-pv 1 if pv
            """, "GET /v/x HTTP/1.1\nX-A: ABC"),
        new("return", """
            http-request return status 201 content-type text/plain string hello if { path /s }
            http-request return status 202 content-type text/plain lf-string "p=%[path]" hdr x-r 1 if { path /lf }
            http-request return status 203 content-type text/plain string c hdr Cache-Control max-age=5 if { path /cc }
            http-request return status 204 if { path /none }
            """, "GET /s HTTP/1.1", "GET /lf HTTP/1.1", "GET /cc HTTP/1.1", "GET /none HTTP/1.1") { CompareBody = true, ResponseHeaders = ["content-type", "cache-control"] },
        new("deny", """
            http-request deny if { path /d }
            http-request deny deny_status 429 if { path /d429 }
            http-request deny deny_status 401 content-type text/plain string nope if { path /body }
            http-response deny if { status 200 } { res.hdr(x-backend) other }
            use_backend other if { path /other }
            """, "GET /d HTTP/1.1", "GET /d429 HTTP/1.1", "GET /body HTTP/1.1", "GET /other HTTP/1.1", "GET /ok HTTP/1.1"),
        new("redirects", """
            http-request redirect location /loc if { path /l }
            http-request redirect location /loc code 301 if { path /l301 }
            http-request redirect prefix /pre if { path_beg /p }
            http-request redirect prefix /pre drop-query if { path_beg /dq }
            http-request redirect scheme https if { path_beg /s }
            http-request redirect location /c set-cookie SC=1 if { path /cookie }
            http-request redirect location /c set-cookie NAMEONLY if { path /cookie2 }
            http-request redirect prefix /pre append-slash if { path_beg /slash }
            http-request redirect scheme https append-slash code 308 if { path_beg /x-slash }
            http-request redirect location /loc2 append-slash if { path /lslash }
            """, "GET /l HTTP/1.1", "GET /l301 HTTP/1.1", "GET /p/x?q=1 HTTP/1.1", "GET /dq/x?q=1 HTTP/1.1", "GET /s/y?q=2 HTTP/1.1\nHost: s.example",
            "GET /cookie HTTP/1.1", "GET /cookie2 HTTP/1.1", "GET /slash/x HTTP/1.1", "GET /slash/ HTTP/1.1", "GET /x-slash HTTP/1.1\nHost: s.example", "GET /lslash HTTP/1.1"),
        new("redirect_append_slash_query", """
            http-request redirect prefix /pre append-slash
            """, "GET /x?q=1 HTTP/1.1")
        {
            Differs = "`redirect … append-slash` adds the slash to the path; HAProxy appends it after the query string when there is one",
        },

        new("host", """
            acl api_host hdr(host) -i api.example.com
            acl dom hdr_dom(host) -i example.com
            http-request set-header Host rewritten.example if { path /rewrite }
            http-request set-header x-api 1 if api_host
            http-request set-header x-dom 1 if dom
            use_backend api if api_host
            """, "GET / HTTP/1.1\nHost: API.example.com", "GET /rewrite HTTP/1.1\nHost: www.example.com:8080", "GET / HTTP/1.1\nHost: other.test"),

        // Backends and order.
        new("use_backend", """
            use_backend api if { path_beg /api }
            use_backend other if { path_beg /api/other }
            use_backend %[req.hdr(x-be)] if { req.hdr(x-be) -m found }
            """, "GET /api/x HTTP/1.1", "GET /api/other HTTP/1.1", "GET /x HTTP/1.1\nX-Be: other", "GET /x HTTP/1.1\nX-Be: nope", "GET /x HTTP/1.1"),
        new("use_backend_order", """
            use_backend api if { path_beg /api }
            http-request set-path /api/moved if { path /move }
            http-request set-header x-after 1
            http-request allow if { path /allow }
            http-request set-header x-after-allow 1
            use_backend other if { path /allow }
            """, "GET /move HTTP/1.1", "GET /allow HTTP/1.1", "GET /api/x HTTP/1.1"),
        new("response_phase", """
            acl ok status 200
            http-response set-header x-ok 1 if ok
            http-response set-header x-from %[res.hdr(x-backend)]
            http-response set-status 299 if { res.hdr(x-backend) api }
            http-response set-header x-src %[src]
            use_backend api if { path /api }
            """, "GET / HTTP/1.1", "GET /api HTTP/1.1"),
        new("maps_absent_tcp", """
            tcp-request connection accept if { src 127.0.0.1 }
            tcp-request connection reject
            http-request set-header x-passed 1
            """, Get),

        // Platform: what Kestrel does to a request before rules see it (docs/rules.md, "Platform differences").
        new("platform_dot_segments", """
            http-request set-header x-path %[path]
            """, "GET /a/../b/./c HTTP/1.1")
        {
            Differs = "Kestrel removes dot-segments from the path (`/a/../b` is `/b`) before rules see it and forwards the result",
        },
        new("platform_percent_decoding", """
            http-request set-header x-path %[path]
            """, "GET /%41b%2Fc HTTP/1.1")
        {
            Differs = "Kestrel decodes percent-escapes in the path except `%2F` (`/%41` is `/A`) before rules see it and forwards the decoded path",
        },
        new("platform_lowercase_method", """
            http-request set-header x-method %[method]
            """, "get / HTTP/1.1")
        {
            Differs = "A known method written in lower case (`get`) is upper-cased by Kestrel",
        },
        new("platform_absolute_form", """
            http-request set-header x-url %[url]
            """, "GET http://h/x?y=1 HTTP/1.1")
        {
            Differs = "An absolute-form target (`GET http://h/x`) is seen by rules and forwarded in origin form (`/x`)",
        },
        new("platform_no_host", """
            http-request set-header x-seen 1
            """, "GET / HTTP/1.1\nConnection: close"),
    ];
}
