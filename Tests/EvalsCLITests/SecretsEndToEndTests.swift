@testable import EvalsCLI
import FakeModelServer
import Foundation
import Testing

/// A key given to each network provider never shows in a report, on the terminal or in a URL,
/// however the server fails and whatever it echoes back (SPEC §4.4).
@Suite("Secrets end to end")
struct SecretsEndToEndTests {
    /// A provider under test: its target fields, the variable holding the key, and how the key travels.
    struct Carrier: Sendable, CustomTestStringConvertible {
        var name: String
        var fields: String
        var variable: String
        var key: String
        /// The header the key travels in, and its value.
        var header: (name: String, value: String)

        var testDescription: String { name }
    }

    static let carriers = [
        Carrier(name: "gemini", fields: "provider: gemini\n    base_url: BASE/v1beta\n    model: models/next-number",
                variable: "GEMINI_API_KEY", key: "AIzaSyE2E-secret-gemini-7f3a9c",
                header: ("x-goog-api-key", "AIzaSyE2E-secret-gemini-7f3a9c")),
        Carrier(name: "openai", fields: "provider: openai\n    base_url: BASE/v1\n    model: next-number\n    api_key_env: E2E_OPENAI_KEY",
                variable: "E2E_OPENAI_KEY", key: "sk-e2e-secret-openai-51d0be",
                header: ("Authorization", "Bearer sk-e2e-secret-openai-51d0be")),
        Carrier(name: "http", fields: """
                provider: http
                    url: BASE/v1/chat/completions
                    headers: {Authorization: "Token ${E2E_HTTP_TOKEN}"}
                    body: '{"model": "next-number", "messages": [{"role": "user", "content": "{{prompt}}"}]}'
                    output: /choices/0/message/content
                """,
                variable: "E2E_HTTP_TOKEN", key: "tok-e2e-secret-http-9e44aa",
                header: ("Authorization", "Token tok-e2e-secret-http-9e44aa")),
    ]

    /// Everything the server received, as one JSON string: what a careless server echoes back.
    static func echo(_ request: FakeModelServer.RecordedRequest) -> String {
        let headers = request.headers.map { "\($0.name): \($0.value)" }.joined(separator: "; ")
        let text = "\(request.method) \(request.target) \(headers) \(String(decoding: request.body, as: UTF8.self))"
        let data = (try? JSONSerialization.data(withJSONObject: ["error": ["message": "you sent \(text)", "code": 0]])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A 200 answer, readable by every provider, whose text is the echo of the request.
    static func answerEchoing(_ request: FakeModelServer.RecordedRequest) -> String {
        let text = echo(request)
        let object: [String: Any] = [
            "candidates": [["content": ["parts": [["text": text]]], "finishReason": "STOP"]],
            "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The server's misbehaviour for each case, chosen by the prompt in the request body.
    static func fault(for request: FakeModelServer.RecordedRequest) -> FakeModelServer.Fault? {
        let body = String(decoding: request.body, as: UTF8.self)
        if body.contains("bad-request") { return .reply(status: 400, body: echo(request)) }
        if body.contains("server-error") { return .reply(status: 500, headers: ["Retry-After": "0"], body: echo(request)) }
        if body.contains("slow-down") { return .reply(status: 429, headers: ["Retry-After": "3600"], body: echo(request)) }
        if body.contains("garbled") { return .malformedJSON }
        if body.contains("parrot") { return .reply(status: 200, body: answerEchoing(request)) }
        if body.contains("unauthorized") { return .reply(status: 401, body: echo(request)) }
        return nil
    }

    static func suite(_ carrier: Carrier, base: String) -> String {
        """
        suite: secrets
        default_target: keyed
        targets:
          keyed:
            \(carrier.fields.replacingOccurrences(of: "BASE", with: base))
        cases:
          - {id: fine, prompt: "1", expect: "2"}
          - {id: parrot, prompt: parrot, expect: x}
          - {id: bad-request, prompt: bad-request, expect: x}
          - {id: server-error, prompt: server-error, expect: x}
          - {id: slow-down, prompt: slow-down, expect: x}
          - {id: garbled, prompt: garbled, expect: x}
          - {id: unauthorized, prompt: unauthorized, expect: x}
          - {id: after-1, prompt: "5", expect: "6"}
          - {id: after-2, prompt: "6", expect: "7"}
          - {id: after-3, prompt: "7", expect: "8"}
        """
    }

    /// Every file under `folder`, with its text.
    func files(under folder: URL) -> [(path: String, text: String)] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [(String, String)] = []
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            files.append((url.path, String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)))
        }
        return files
    }

    @Test(arguments: carriers)
    func theKeyAppearsNowhereButInItsHeader(_ carrier: Carrier) async throws {
        let server = try FakeModelServer(.init(requiredKey: carrier.name == "http" ? nil : carrier.key))
        defer { server.stop() }
        server.setHook(Self.fault(for:))
        let scratch = try Scratch()
        let path = try scratch.write("secrets.yaml-lite", Self.suite(carrier, base: server.baseURL))
        let result = await scratch.run([path, "--concurrency", "1", "--retries", "1", "--verbose"], environment: [carrier.variable: carrier.key])

        #expect(result.code == 2, "the 401 is a configuration error, which outranks the failed parrot case: \(result.stderr)\n\(result.stdout)")
        let results = try scratch.results()
        let outcomes = Dictionary(uniqueKeysWithValues: results.cases("keyed").map { ($0["id"] as? String ?? "?", $0["outcome"] as? String ?? "?") })
        #expect(outcomes.count == 10)
        #expect(outcomes["parrot"] == "failed", "an answer quoting the request is the model's, judged as usual")
        #expect(outcomes["fine"] == "passed")
        let parrot = results.cases("keyed").first { $0["id"] as? String == "parrot" }
        #expect((parrot?["output"] as? String)?.contains("[REDACTED]") == true, "the answer is kept, with the key masked")
        for id in ["bad-request", "server-error", "slow-down", "garbled", "unauthorized"] {
            #expect(outcomes[id] == "error", "\(id)")
        }
        let messages = results.cases("keyed").flatMap { ($0["messages"] as? [String]) ?? [] }.joined(separator: "\n")
        #expect(messages.contains("you sent POST"), "the server's echo is quoted, so the redaction is what keeps the key out: \(messages)")
        #expect(messages.contains("not sent: "), "the 401 stopped the cases after it")

        let reports = files(under: scratch.url.appendingPathComponent("reports"))
        #expect(Set(reports.map { URL(fileURLWithPath: $0.path).lastPathComponent }) == ["junit.xml", "results.json", "report.txt", "report.html"])
        for file in files(under: scratch.url) {
            #expect(!file.text.contains(carrier.key), "the key is in \(file.path)")
        }
        #expect(!result.stdout.contains(carrier.key), "the key is on stdout")
        #expect(!result.stderr.contains(carrier.key), "the key is on stderr")

        let requests = server.requests
        // fine, parrot, bad-request, server-error twice, slow-down, garbled, unauthorized; give or take the one
        // case beside unauthorized that may have taken the one slot first (garbled not sent, or after-1 sent).
        #expect((7...9).contains(requests.count), "\(requests.count) requests")
        for request in requests {
            #expect(!request.target.contains(carrier.key), "the key is in the URL \(request.target)")
            #expect(!String(decoding: request.body, as: UTF8.self).contains(carrier.key))
            #expect(request.header(carrier.header.name) == carrier.header.value)
            let carrying = request.headers.filter { $0.value.contains(carrier.key) }.map { $0.name.lowercased() }
            #expect(carrying == [carrier.header.name.lowercased()], "the key travels in \(carrier.header.name) only")
        }
    }

    // MARK: What is redacted, and what is not

    /// A port is not a secret: an answer that happens to equal it is stored as it came, so the
    /// golden file still holds on the next run on another port.
    @Test func aValueThatIsNoSecretIsNeverRedacted() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let port = try #require(URL(string: server.baseURL)?.port)
        let scratch = try Scratch()
        let path = try scratch.write("port.yaml-lite", """
            suite: port
            default_target: local
            targets:
              local:
                provider: openai
                base_url: http://127.0.0.1:${E2E_PORT}/v1
                model: next-number
                system: persona ${E2E_PERSONA}
            cases:
              - {id: port, prompt: "\(port - 1)", expect: "\(port)"}
            """)
        let result = await scratch.run([path, "--golden", "update"], environment: ["E2E_PORT": "\(port)", "E2E_PERSONA": "terse"])
        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")
        let results = try scratch.results()
        #expect(results.value("output", of: "local", case: "port") as? String == "\(port)")
        #expect(results.value("system", of: "local", case: "port") as? String == "persona terse", "a persona is no secret")
        let golden = try #require(scratch.files(under: "golden").first)
        let text = try #require(scratch.read("golden/" + golden))
        #expect(text.contains("output: \"\(port)\"") || text.contains("output: '\(port)'") || text.contains("output: \(port)"), "\(text)")
        #expect(!text.contains("REDACTED") && !text.lowercased().contains("redacted"))
    }

    static let token = "tokE2Eab/secret+9e44aa"
    static let persona = "sternPersona19"

    /// What a careless model sends back, by the prompt in the request body.
    static func leaky(_ request: FakeModelServer.RecordedRequest) -> FakeModelServer.Fault? {
        let body = String(decoding: request.body, as: UTF8.self)
        let key = token
        func answer(_ text: String) -> FakeModelServer.Fault {
            let object: [String: Any] = ["choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]]]
            return .reply(status: 200, body: String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self))
        }
        let upper = key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let lower = upper.replacingOccurrences(of: "%2F", with: "%2f").replacingOccurrences(of: "%2B", with: "%2b")
        if body.contains("encoded") { return answer("https://x.test/?key=\(upper) and key=\(lower)") }
        if body.contains("combining") { return answer("key \(key)\u{301}, persona \(persona)\u{301}") }
        if body.contains("who-are-you") { return answer("I am \(persona)") }
        if body.contains("straddle") {
            let text = "rejected:" + String(repeating: " ", count: 2048 - 9 - 16) + key + " (see docs)"
            return .reply(status: 400, headers: ["Content-Type": "text/plain"], body: text)
        }
        return nil
    }

    static func leakySuite(base: String) -> String {
        """
        suite: leaky
        default_target: hook
        targets:
          hook:
            provider: http
            url: \(base)/v1/chat/completions
            headers: {Authorization: "Token ${E2E_HTTP_TOKEN}", X-Persona: "${E2E_PERSONA}"}
            system: "persona ${E2E_PERSONA}"
            body: '{"model": "next-number", "messages": [{"role": "system", "content": "{{system}}"}, {"role": "user", "content": "{{prompt}}"}]}'
            output: /choices/0/message/content
        cases:
          - {id: fine, prompt: "1", expect: "2"}
          - {id: encoded, prompt: encoded, expect: x}
          - {id: combining, prompt: combining, expect: x}
          - {id: persona, prompt: who-are-you, expect: x}
          - {id: straddle, prompt: straddle, expect: x}
        """
    }

    /// A secret (here a header value, also used in `system`) is redacted from every field of every
    /// report, the golden file and the terminal, in every form an answer or an error can carry it.
    @Test func aSecretIsRedactedFromEveryFieldInEveryForm() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.setHook(Self.leaky)
        let scratch = try Scratch()
        let path = try scratch.write("leaky.yaml-lite", Self.leakySuite(base: server.baseURL))
        let result = await scratch.run(
            [path, "--golden", "update", "--retries", "0", "--markdown", scratch.path("reports/summary.md"), "--verbose"],
            environment: ["E2E_HTTP_TOKEN": Self.token, "E2E_PERSONA": Self.persona])
        #expect(result.code == 1, "\(result.stderr)\n\(result.stdout)")
        #expect(server.requests.allSatisfy { $0.header("X-Persona") == Self.persona }, "the secret is sent where the suite puts it")

        let results = try scratch.results()
        #expect(results.cases("hook").count == 5)
        #expect(results.value("system", of: "hook", case: "fine") as? String == "persona [REDACTED]")
        #expect(results.value("output", of: "hook", case: "encoded") as? String == "https://x.test/?key=[REDACTED] and key=[REDACTED]")
        #expect(results.value("output", of: "hook", case: "combining") as? String == "key [REDACTED]\u{301}, persona [REDACTED]\u{301}")
        #expect(results.value("output", of: "hook", case: "persona") as? String == "I am [REDACTED]")
        let straddle = (results.value("messages", of: "hook", case: "straddle") as? [String])?.joined() ?? ""
        #expect(straddle.contains("rejected: [REDACTED] (see docs)"), "\(straddle)")
        let junit = try #require(scratch.read("reports/junit.xml"))
        #expect(junit.contains("persona [REDACTED]"))

        let files = scratch.files().filter { !$0.hasSuffix(".yaml-lite") }
        #expect(files.contains { $0.hasPrefix("golden/") } && files.contains("reports/summary.md"), "\(files)")
        let encodedStart = "tokE2Eab%2"
        for file in files {
            let text = try #require(scratch.read(file))
            for piece in ["tokE2Eab", encodedStart, "9e44aa", "sternPers", "ersona19"] {
                #expect(!text.contains(piece), "\(piece) is in \(file)")
            }
        }
        for piece in ["tokE2Eab", "9e44aa", "sternPers", "ersona19"] {
            #expect(!result.stdout.contains(piece) && !result.stderr.contains(piece), "\(piece) is on the terminal")
        }
    }

    /// A secret shorter than 8 characters would be redacted out of ordinary text everywhere: it is
    /// refused before anything is sent, naming the variable and the field.
    @Test func aShortSecretIsRefusedBeforeAnythingIsSent() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("leaky.yaml-lite", Self.leakySuite(base: server.baseURL))
        for command in [["run"], ["check"]] {
            let result = await scratch.run(command + [path], environment: ["E2E_HTTP_TOKEN": Self.token, "E2E_PERSONA": "terse"])
            #expect(result.code == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("leaky.yaml-lite:7:"), "\(result.stderr)")
            #expect(result.stderr.contains("environment variable E2E_PERSONA (used in headers.X-Persona) holds a secret of 5 characters; secrets must have at least 8"), "\(result.stderr)")
            #expect(!result.stderr.contains("terse"))
        }
        #expect(server.requests.isEmpty)
    }
}
