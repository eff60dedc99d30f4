@testable import EvalsCLI
import Foundation
import Testing

/// `report.html` (SPEC §14) opened in headless Chromium: a comparison run whose model answers
/// are hostile markup, NUL, ANSI escapes and a 100 KB answer. No script from model output runs,
/// nothing on the page can load anything, the counts equal results.json, the filters read from
/// the URL fragment show exactly the matching cases, and a screenshot is kept (in the folder
/// `EVALS_ARTIFACTS` names, else a temporary one).
@Suite("HTML report in a browser")
struct HTMLReportBrowserTests {
    /// Model answers of `local`, each case a different attack; `base` answers each case right.
    static let hostile: [String: String] = [
        "script": "<script>document.title='PWNED';document.body.setAttribute('data-pwned','script')</script>",
        "textarea": "</textarea></pre></div></article><script>document.body.setAttribute('data-pwned','textarea')</script>",
        "img": "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
        "link": "<a href=\"javascript:document.body.setAttribute('data-pwned','link')\" id=\"pwned\">click</a>",
        "attribute": "\" onmouseover=\"document.body.setAttribute('data-pwned','attribute')\" x='",
        "leak": "<img src=\"http://leak.invalid/img\"><link rel=\"stylesheet\" href=\"http://leak.invalid/css\"><iframe src=\"http://leak.invalid/frame\"></iframe><script>fetch('http://leak.invalid/fetch')</script>",
        "controls": "nul\u{0}here \u{1B}[31mred\u{1B}[0m \u{1B}]8;;https://example.com\u{7}osc\u{1B}]8;;\u{7} bell\u{7}",
        "huge": "<script>document.body.setAttribute('data-pwned','huge')</script>" + String(repeating: "0123456789", count: 10_000),
    ]

    func prepare(_ scratch: Scratch) throws -> String {
        var local = Self.hostile
        local["a"] = "a"
        local["b"] = "wrong"
        local["c"] = "c"
        try scratch.answers("local", local)
        var base = Self.hostile.mapValues { _ in "ok" }
        base["a"] = "a"
        base["b"] = "b"
        base["c"] = "wrong"
        base["gone"] = "gone"
        try scratch.answers("base", base)
        let hostileCases = Self.hostile.keys.sorted().map { "  - {id: \($0), prompt: '<i>\($0)</i>', expect: ok, tags: [hostile]}" }
        return try scratch.write("html.yaml-lite", """
            suite: html
            default_target: local
            targets:
            \(scratch.commandTarget("local"))
            \(scratch.commandTarget("base"))
            cases:
              - {id: a, prompt: a, expect: a, tags: [plain]}
              - {id: b, prompt: b, expect: b, tags: [plain]}
              - {id: c, prompt: c, expect: c, tags: [plain]}
              - {id: gone, prompt: gone, expect: gone, tags: [plain]}
            \(hostileCases.joined(separator: "\n"))
            """)
    }

    @Test func aHostileComparisonIsInertCountedRightAndFilterable() async throws {
        guard let chromium = Chromium.executable else {
            Issue.record("Chromium is not installed: the HTML report test needs it (apt-get install -y chromium; .ci/run installs it)")
            return
        }
        let scratch = try Scratch()
        let path = try prepare(scratch)
        let result = await scratch.run([path, "--baseline", "base", "--retries", "0", "--golden", "off"])
        #expect(result.code == 1, "\(result.stderr)")
        let html = try #require(scratch.read("reports/report.html"), "report.html was written")
        let results = try scratch.results()
        let cases = results.cases("local")
        #expect(cases.count == 12)

        // The file itself: one script element (the page's own), a CSP allowing nothing else,
        // no URL anywhere it could be loaded from, no raw NUL or ESC, and within its size budget.
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"))
        #expect(html.components(separatedBy: "<script").count == 2, "only the page's own script element")
        #expect(Markup.loadedURLs(html).isEmpty, "\(Markup.loadedURLs(html))")
        #expect(!html.unicodeScalars.contains { $0.value == 0 || $0.value == 0x1B || $0.value == 7 })
        #expect(html.contains("<span class=\"c\">\\u{0}</span>here red "), "NUL shown as text, ANSI colour stripped")
        #expect(html.contains("more characters</span>"), "the 100 KB answer is cut")
        #expect(html.utf8.count < 2048 * cases.count + 200_000, "\(html.utf8.count) bytes")

        let report = scratch.url.appendingPathComponent("reports/report.html")
        let fragment = "#outcome=failed&tag=hostile&q=SCRIPT"
        let netLog = scratch.path("net-log.json")
        let dom = try await Chromium.dumpDOM(chromium, url: report.absoluteString + fragment, profile: scratch.path("profile"), netLog: netLog)

        // Chromium's own log of every request it made: none to the hosts model output names.
        let requests = try #require(scratch.read("net-log.json"), "Chromium wrote its net log")
        #expect(requests.contains(report.absoluteString) || requests.contains("report.html"), "the log covers the page")
        #expect(!requests.contains("leak.invalid"), "a request left the page")

        // No script from model output ran: the title and body are the page's own, no element
        // the payloads would add or mark exists, and no tag carries an event handler or link.
        #expect(dom.contains("<title>evals: FAIL</title>"), "\(dom.prefix(500))")
        let tags = Markup.tags(dom)
        #expect(tags.contains { $0.hasPrefix("<body ") && $0.contains("data-verdict=\"FAIL\"") })
        #expect(tags.filter { $0.lowercased().hasPrefix("<script") }.count == 1)
        for tag in tags {
            let lower = tag.lowercased()
            #expect(!lower.contains("pwned") && !lower.contains("javascript:") && !lower.hasPrefix("<img") && lower.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "\(tag)")
        }
        #expect(Markup.loadedURLs(dom).isEmpty, "\(Markup.loadedURLs(dom))")

        // The counts on the page are those of results.json.
        for target in ["local", "base"] {
            let counts = try #require(results.target(target)?["counts"] as? [String: Int])
            let row = try #require(tags.first { $0.hasPrefix("<tr class=\"target\"") && $0.contains("data-target=\"\(target)\"") }, "a row for \(target)")
            for (key, value) in counts {
                #expect(Markup.attribute(key == "error" ? "data-error" : "data-\(key)", in: row) == "\(value)", "\(target) \(key) in \(row)")
            }
        }
        let comparison = try #require(results.comparisons.first)
        let comparisonRow = try #require(tags.first { $0.hasPrefix("<tr class=\"comparison\"") })
        #expect(Markup.attribute("data-regressed", in: comparisonRow) == "\(comparison["regressed"] as? Int ?? -1)")
        #expect(Markup.attribute("data-fixed", in: comparisonRow) == "\(comparison["fixed"] as? Int ?? -1)")

        // The filters of the fragment show exactly the failed hostile cases whose text holds "script".
        let expected = cases.filter { item in
            item["outcome"] as? String == "failed" && (item["tags"] as? [String] ?? []).contains("hostile")
                && ((item["output"] as? String ?? "") + (item["prompt"] as? String ?? "")).lowercased().contains("script")
        }.compactMap { $0["id"] as? String }.sorted()
        #expect(expected == ["huge", "leak", "link", "script", "textarea"])
        #expect(Markup.visibleCases(dom).sorted() == expected)
        #expect(Markup.attribute("data-shown", in: tags.first { $0.hasPrefix("<body ") } ?? "") == "\(expected.count)")
        #expect(Markup.visibleCases(dom).count + Markup.hiddenCases(dom).count == 12, "every case id of either target has an entry")

        // A screenshot, kept as a CI artifact.
        let folder = ProcessInfo.processInfo.environment["EVALS_ARTIFACTS"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("evals-artifacts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let screenshot = folder.appendingPathComponent("report.png")
        try? FileManager.default.removeItem(at: screenshot)
        try await Chromium.screenshot(chromium, url: report.absoluteString, to: screenshot, profile: scratch.path("profile"))
        let png = try #require(FileManager.default.contents(atPath: screenshot.path), "the screenshot was written to \(screenshot.path)")
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
    }
}

/// Headless Chromium, run once per call.
enum Chromium {
    /// The first of Chromium's usual names on the PATH.
    static let executable: URL? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in folders {
                let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }()

    static func arguments(profile: String) -> [String] {
        ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--user-data-dir=\(profile)"]
    }

    /// The page's DOM after its script ran; Chromium's log of its requests goes to `netLog`.
    static func dumpDOM(_ chromium: URL, url: String, profile: String, netLog: String) async throws -> String {
        let output = try await run(chromium, arguments(profile: profile) + ["--log-net-log=\(netLog)", "--dump-dom", url])
        return String(decoding: output, as: UTF8.self)
    }

    static func screenshot(_ chromium: URL, url: String, to file: URL, profile: String) async throws {
        _ = try await run(chromium, arguments(profile: profile) + ["--screenshot=\(file.path)", "--window-size=1280,2000", "--hide-scrollbars", url])
    }

    /// Runs Chromium, on a thread of its own, and returns its stdout; a browser that hangs is
    /// ended after two minutes, so the test fails rather than waits forever.
    private static func run(_ executable: URL, _ arguments: [String]) async throws -> Data {
        let (data, status) = try await offThePool { try runAndWait(executable, arguments) }
        #expect(status == 0, "chromium \(arguments.joined(separator: " ")) exited \(status)")
        return data
    }

    private static func runAndWait(_ executable: URL, _ arguments: [String]) throws -> (Data, Int32) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let guardTimer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: guardTimer)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guardTimer.cancel()
        return (data, process.terminationStatus)
    }
}

/// Reading tags out of HTML whose text is escaped, so every `<` opens a tag; script and style
/// bodies are left out.
enum Markup {
    static func tags(_ html: String) -> [String] {
        let body = html.replacingOccurrences(of: #"(?s)(<script[^>]*>).*?(</script>)"#, with: "$1$2", options: .regularExpression)
            .replacingOccurrences(of: #"(?s)(<style[^>]*>).*?(</style>)"#, with: "$1$2", options: .regularExpression)
        var tags: [String] = []
        var rest = body[...]
        while let open = rest.range(of: "<") {
            guard let close = rest[open.upperBound...].range(of: ">") else { break }
            tags.append(String(rest[open.lowerBound..<close.upperBound]))
            rest = rest[close.upperBound...]
        }
        return tags
    }

    /// The value of an attribute in one tag, as written.
    static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Every `src` or `href` value that is not a `data:` URL or a fragment.
    static func loadedURLs(_ html: String) -> [String] {
        tags(html).flatMap { tag in
            ["src", "href", "action", "srcset", "poster"].compactMap { attribute($0, in: tag) }
        }.filter { !$0.hasPrefix("data:") && !$0.hasPrefix("#") }
    }

    /// The case ids of entries shown, or hidden, in a DOM dump.
    static func visibleCases(_ dom: String) -> [String] { cases(dom, hidden: false) }
    static func hiddenCases(_ dom: String) -> [String] { cases(dom, hidden: true) }

    private static func cases(_ dom: String, hidden: Bool) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"<article( [^>]*)><div class="h"><b>([^<]*)</b>"#)
        return pattern.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)).compactMap { match in
            let attributes = String(dom[Range(match.range(at: 1), in: dom)!])
            guard attributes.contains(" hidden") == hidden else { return nil }
            return String(dom[Range(match.range(at: 2), in: dom)!])
        }
    }
}
