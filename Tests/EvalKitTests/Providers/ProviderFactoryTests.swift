import FakeModelServer
import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitProviders

@Suite struct ProviderFactoryTests {
    private typealias Support = ProviderTestSupport

    private static let text = """
        suite: providers
        targets:
          tuned:
            provider: gemini
            model: tunedModels/next-number-abc
          local:
            provider: openai
            base_url: ftp://127.0.0.1/v1
            model: m
          web:
            provider: http
            url: http://127.0.0.1:1/answer
            output: choices/0
            body: "{}"
        """

    private static let suite = Support.suite(text: text, targets: [
        Suite.Target(name: "tuned", mark: Mark(line: 3, column: 3), provider: "gemini", model: "tunedModels/next-number-abc"),
        Suite.Target(
            name: "local", mark: Mark(line: 6, column: 3), provider: "openai", model: "m",
            node: .mapping([.init(key: "base_url", keyMark: Mark(line: 8, column: 5), value: .scalar("ftp://127.0.0.1/v1", mark: Mark(line: 8, column: 15)))])),
        Suite.Target(
            name: "web", mark: Mark(line: 10, column: 3), provider: "http", model: nil,
            node: .mapping([.init(key: "output", keyMark: Mark(line: 13, column: 5), value: .scalar("choices/0", mark: Mark(line: 13, column: 13)))])),
    ])

    private func make(_ target: Suite.ResolvedTarget, _ environment: [String: String] = [:], maxConnections: Int = 64) throws(Diagnostic) -> any Provider {
        try ProviderFactory.make(for: target, suite: Self.suite, environment: environment, maxConnections: maxConnections)
    }

    @Test func reportsAMissingGeminiKeyAtTheTarget() throws {
        let target = Suite.ResolvedTarget(name: "tuned", config: .gemini(.init(model: "tunedModels/next-number-abc")))
        let error = #expect(throws: Diagnostic.self) { try make(target, ["GEMINI_API_KEY": ""]) }
        #expect(error?.rendered() == """
            suites/providers.yaml-lite:3:3: error: target 'tuned': environment variable GEMINI_API_KEY (or GOOGLE_API_KEY) is not set; export it or choose another target
              tuned:
              ^
            """)
    }

    @Test(arguments: [
        (["GEMINI_API_KEY": "first", "GOOGLE_API_KEY": "second"], "first"),
        (["GEMINI_API_KEY": "", "GOOGLE_API_KEY": "second"], "second"),
        (["GOOGLE_API_KEY": "second"], "second"),
    ])
    func takesTheFirstSetGeminiKeyVariable(environment: [String: String], key: String) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let target = Suite.ResolvedTarget(name: "tuned", config: .gemini(.init(model: "next-number", baseURL: server.baseURL + "/v1beta")))
        let provider = try make(target, environment)
        #expect(try await provider.complete(ModelRequest(prompt: "1")).text == "2")
        #expect(server.requests.first?.header("x-goog-api-key") == key)
    }

    @Test func readsANamedOpenAIKeyAndSendsNoneOtherwise() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let named = Suite.ResolvedTarget(name: "local", config: .openai(.init(model: "m", baseURL: server.baseURL + "/v1", apiKeyEnv: "VLLM_KEY")))
        let unset = #expect(throws: Diagnostic.self) { try make(named, ["OPENAI_API_KEY": "x"]) }
        #expect(unset?.heading == "suites/providers.yaml-lite:6:3: error: target 'local': environment variable VLLM_KEY is not set; export it or choose another target")
        _ = try await make(named, ["VLLM_KEY": "v-key"]).complete(ModelRequest(prompt: "1"))
        let anonymous = Suite.ResolvedTarget(name: "local", config: .openai(.init(model: "m", baseURL: server.baseURL + "/v1", api: .completions)))
        _ = try await make(anonymous, ["OPENAI_API_KEY": "x"]).complete(ModelRequest(prompt: "1"))
        #expect(server.requests.map { $0.header("Authorization") } == ["Bearer v-key", nil])
        #expect(server.requests.map(\.target) == ["/v1/chat/completions", "/v1/completions"])
    }

    @Test func rejectsAURLThatIsNotHTTPAtItsField() {
        let target = Suite.ResolvedTarget(name: "local", config: .openai(.init(model: "m", baseURL: "ftp://127.0.0.1/v1")))
        let error = #expect(throws: Diagnostic.self) { try make(target) }
        #expect(error?.heading == "suites/providers.yaml-lite:8:15: error: target 'local': base_url 'ftp://127.0.0.1/v1' is not an http:// or https:// URL")
    }

    @Test func rejectsAnInvalidOutputPointerAtItsField() {
        let target = Suite.ResolvedTarget(name: "web", config: .http(.init(url: "http://127.0.0.1:1/answer", body: "{}", output: "choices/0")))
        let error = #expect(throws: Diagnostic.self) { try make(target) }
        #expect(error?.heading == "suites/providers.yaml-lite:13:13: error: target 'web': output: a JSON Pointer starts with '/': 'choices/0'")
    }

    @Test func makesAnHTTPProvider() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let config = ProviderConfig.HTTP(url: server.baseURL + "/v1/completions", headers: [.init(name: "X-Key", value: "h")], body: #"{"model": "echo", "prompt": "{{prompt}}"}"#, output: "/choices/0/text")
        let provider = try make(Suite.ResolvedTarget(name: "web", config: .http(config)))
        #expect(try await provider.complete(ModelRequest(prompt: "a \"quoted\" line\n")).text == "a \"quoted\" line\n")
        #expect(server.requests.first?.header("X-Key") == "h")
    }

    @Test func makesTheReferenceAndCommandProviders() async throws {
        let reference = try make(Suite.ResolvedTarget(name: "reference", config: .reference(model: "next-number")))
        #expect(try await reference.complete(ModelRequest(prompt: "ninety nine")).text == "one hundred")
        let command = try make(Suite.ResolvedTarget(name: "local", config: .command(.init(run: ["/bin/cat"]))))
        #expect((command as? CommandProvider)?.directory == Self.suite.directory)
        #expect(try await command.complete(ModelRequest(prompt: "as written\n")).text == "as written\n")
        let empty = #expect(throws: Diagnostic.self) { try make(Suite.ResolvedTarget(name: "local", config: .command(.init(run: [])))) }
        #expect(empty?.message == "target 'local': run: needs a program to run")
    }

    @Test func capsConnectionsPerHost() async throws {
        let server = try FakeModelServer(.init(latencyMilliseconds: 100))
        defer { server.stop() }
        let target = Suite.ResolvedTarget(name: "local", config: .openai(.init(model: "next-number", baseURL: server.baseURL + "/v1")))
        let provider = try make(target, maxConnections: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<6 {
                group.addTask { _ = try await provider.complete(ModelRequest(prompt: "\(index)")) }
            }
            try await group.waitForAll()
        }
        #expect(server.stats.requests == 6)
        #expect(server.stats.maxConcurrency <= 2)
    }

    @Test(arguments: [
        (ProviderConfig.gemini(.init(model: "m")), [:], ["GEMINI_API_KEY", "GOOGLE_API_KEY"]),
        (.gemini(.init(model: "m")), ["GOOGLE_API_KEY": "g"], []),
        (.gemini(.init(model: "m", apiKeyEnv: ["TUNED_KEY"])), ["GEMINI_API_KEY": "g"], ["TUNED_KEY"]),
        (.openai(.init(model: "m", baseURL: "http://x/v1")), [:], []),
        (.openai(.init(model: "m", baseURL: "http://x/v1", apiKeyEnv: "OPENAI_API_KEY")), ["OPENAI_API_KEY": ""], ["OPENAI_API_KEY"]),
        (.openai(.init(model: "m", baseURL: "http://x/v1", apiKeyEnv: "OPENAI_API_KEY")), ["OPENAI_API_KEY": "k"], []),
        (.http(.init(url: "http://x", body: "{}", output: "/a")), [:], []),
        (.reference(model: "next-number"), [:], []),
        (.command(.init(run: ["cat"])), [:], []),
    ] as [(ProviderConfig, [String: String], [String])])
    func listsMissingKeys(config: ProviderConfig, environment: [String: String], missing: [String]) {
        #expect(ProviderFactory.missingKeys(for: config, environment: environment) == missing)
        let message = ProviderFactory.missingKeyMessage(target: "t", config: config, environment: environment)
        #expect((message == nil) == missing.isEmpty)
    }
}
