import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitProviders

@Suite struct SuiteResolveTests {
    /// Which levels set a value, and which one wins: case, then target, then defaults.
    struct Levels: Sendable, CustomTestStringConvertible {
        var testCase: Bool
        var target: Bool
        var defaults: Bool
        var winner: String?
        var testDescription: String { "case \(testCase) target \(target) defaults \(defaults) → \(winner ?? "none")" }
    }

    static let precedence: [Levels] = [
        Levels(testCase: true, target: true, defaults: true, winner: "case"),
        Levels(testCase: false, target: true, defaults: true, winner: "target"),
        Levels(testCase: false, target: false, defaults: true, winner: "defaults"),
        Levels(testCase: true, target: false, defaults: true, winner: "case"),
        Levels(testCase: true, target: true, defaults: false, winner: "case"),
        Levels(testCase: false, target: true, defaults: false, winner: "target"),
        Levels(testCase: false, target: false, defaults: false, winner: nil),
    ]

    static let temperatures = ["case": 0.1, "target": 0.2, "defaults": 0.3]

    static func text(_ levels: Levels) -> String {
        func fields(_ level: String, indent: String) -> String {
            ["system: \(level) system", "template: \"\(level) {{prompt}}\"", "temperature: \(temperatures[level]!)"]
                .map { indent + $0 + "\n" }.joined()
        }
        var text = "suite: p\ntargets:\n  t:\n    provider: reference\n    model: next-number\n"
        if levels.target { text += fields("target", indent: "    ") }
        text += "defaults:\n  seed: 1\n"
        if levels.defaults { text += fields("defaults", indent: "  ") }
        text += "cases:\n  - prompt: P\n"
        if levels.testCase { text += fields("case", indent: "    ") }
        return text
    }

    @Test(arguments: precedence)
    func caseWinsOverTargetOverDefaults(levels: Levels) throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.text(levels))
        let target = try suite.resolve(suite.targets[0], environment: [:])
        let resolved = suite.resolve(suite.cases[0], for: target)
        #expect(resolved.system == levels.winner.map { "\($0) system" })
        #expect(resolved.prompt == (levels.winner.map { "\($0) P" } ?? "P"))
        #expect(resolved.settings.temperature == levels.winner.map { Self.temperatures[$0]! })
        #expect(resolved.settings.seed == 1)
    }

    @Test func eachSettingFallsBackOnItsOwn() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load("""
            suite: p
            targets:
              t:
                provider: reference
                model: next-number
                temperature: 0.2
                max_tokens: 20
            defaults:
              temperature: 0.3
              max_tokens: 30
              seed: 3
              stop: [x]
              repeat: 4
              pass_if: 2
              timeout: 9
            cases:
              - prompt: a
                temperature: 0.1
                stop: [y, z]
              - prompt: b
                repeat: 1
                pass_if: all
                timeout: 1.5
            """)
        let target = try suite.resolve(suite.targets[0], environment: [:])
        let first = suite.resolve(suite.cases[0], for: target)
        #expect(first.settings == GenerationSettings(temperature: 0.1, maxTokens: 20, stop: ["y", "z"], seed: 3))
        #expect(first.repeatCount == 4)
        #expect(first.passIf == .atLeast(2))
        #expect(first.timeout == 9)
        let second = suite.resolve(suite.cases[1], for: target)
        #expect(second.settings == GenerationSettings(temperature: 0.2, maxTokens: 20, stop: ["x"], seed: 3))
        #expect(second.repeatCount == 1)
        #expect(second.passIf == .all)
        #expect(second.timeout == 1.5)
    }

    @Test func repeatAndPassIfDefaultToOneAndAll() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(SuiteText.withCases("  - prompt: a\n    tags: [x]\n"))
        let resolved = suite.resolve(suite.cases[0], for: try suite.resolve(suite.targets[0], environment: [:]))
        #expect(resolved.id == "a")
        #expect(resolved.tags == ["x"])
        #expect(resolved.repeatCount == 1)
        #expect(resolved.passIf == .all)
        #expect(resolved.timeout == nil)
        #expect(resolved.system == nil)
        #expect(resolved.matchers.isEmpty)
        #expect(resolved.hasExpect == false)
    }

    @Test func varsMergeKeyByKeyAndRenderInOnePass() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(SuiteText.header + """
            defaults:
              template: "{{lang}}/{{tone}}: {{prompt}} {{echo}}"
              vars:
                lang: en
                tone: dry
                echo: "{{lang}}"
            cases:
              - prompt: "{{tone}} ${HOME}"
                vars:
                  lang: fr
                  echo: "{{prompt}}"

            """)
        let resolved = suite.resolve(suite.cases[0], for: try suite.resolve(suite.targets[0], environment: ["HOME": "/root"]))
        #expect(resolved.prompt == "fr/dry: {{tone}} ${HOME} {{prompt}}")
    }

    @Test func defaultExpectationsAreANDedBeforeTheCasesOwn() async throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(SuiteText.header + """
            defaults:
              expect:
                not_contains: sorry
            cases:
              - prompt: a
                expect: {regex: "^[0-9]+$"}
              - prompt: b
                expect: "2"
              - prompt: c

            """)
        let target = try suite.resolve(suite.targets[0], environment: [:])
        let resolved = suite.cases.map { suite.resolve($0, for: target) }
        #expect(resolved.map { $0.matchers.map(\.name) } == [["not_contains", "regex"], ["not_contains", "exact"], ["not_contains"]])
        #expect(resolved.allSatisfy { $0.hasExpect })
        let verdicts = await resolved[1].matchers.asyncMap { await $0.evaluate("2", in: MatchContext()).passed }
        #expect(verdicts == [true, true])
    }

    @Test func expectErrorsComeFromTheMatcherDecoderAtTheirPlace() throws {
        let fixture = try SuiteFixture()
        let error = try #require(fixture.failure(SuiteText.withCases("  - prompt: a\n    expect: {regx: a}\n")))
        #expect(error.mark == Mark(line: 8, column: 14))
        #expect(error.message.contains("regx"))
    }

    @Test(arguments: [("numeric", nil), ("numerc", "unknown matcher 'numerc' for golden_matcher; did you mean 'numeric'? (valid: exact, contains, starts_with, ends_with, numeric, json, similar)"), ("script", "golden_matcher 'script' cannot compare")])
    func goldenMatcherIsAMatcherName(name: String, message: String?) throws {
        let fixture = try SuiteFixture()
        let text = SuiteText.header + "golden_matcher: \(name)\ncases:\n  - prompt: a\n"
        if let message {
            let error = try #require(fixture.failure(text))
            #expect(error.message.contains(message))
            #expect(error.mark == Mark(line: 6, column: 17))
        } else {
            #expect(try fixture.load(text).goldenMatcher == name)
        }
    }

    // MARK: ${VAR}

    static let variables = """
        suite: v
        default_target: tuned
        targets:
          tuned:
            provider: gemini
            model: ${TUNED_MODEL}
            base_url: ${GEMINI_URL}/v1beta
            system: You are ${PERSONA}.
            template: "${NOT_EXPANDED} {{prompt}}"
          hook:
            provider: http
            url: http://127.0.0.1:1/x
            headers:
              Authorization: Bearer ${TOKEN}
              X-Price: $${literal} and $5
            body: '{"p": "{{prompt}}", "k": "${TOKEN}"}'
            output: /text
          cmd:
            provider: command
            run: ["${PYTHON}", model.py, "--key=${TOKEN}"]
            env:
              API: ${TOKEN}
            cwd: ${WORKDIR}
        cases:
          - prompt: ${TUNED_MODEL}
        """

    @Test func expandsVariablesInTargetFieldsAndRecordsSecrets() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.variables)
        let environment = ["TUNED_MODEL": "tunedModels/abc", "GEMINI_URL": "http://127.0.0.1:2", "PERSONA": "terse", "TOKEN": "t0k-4c1d9e", "PYTHON": "python3", "WORKDIR": "work"]
        #expect(suite.targets[0].model == "${TUNED_MODEL}")

        let tuned = try suite.resolve(suite.targets[0], environment: environment)
        #expect(tuned.config == .gemini(.init(model: "tunedModels/abc", baseURL: "http://127.0.0.1:2/v1beta")))
        #expect(tuned.system == "You are terse.")
        #expect(tuned.template?.text == "${NOT_EXPANDED} {{prompt}}")
        #expect(tuned.secrets == [], "a model, a URL and a persona are not secrets")
        #expect(suite.resolve(suite.cases[0], for: tuned).prompt == "${NOT_EXPANDED} ${TUNED_MODEL}")

        let hook = try suite.resolve(suite.targets[1], environment: environment)
        guard case .http(let http) = hook.config else { Issue.record("not http"); return }
        #expect(http.headers == [.init(name: "Authorization", value: "Bearer t0k-4c1d9e"), .init(name: "X-Price", value: "${literal} and $5")])
        #expect(http.body == #"{"p": "{{prompt}}", "k": "t0k-4c1d9e"}"#)
        #expect(hook.secrets == ["t0k-4c1d9e"])

        let cmd = try suite.resolve(suite.targets[2], environment: environment)
        #expect(cmd.config == .command(.init(run: ["python3", "model.py", "--key=t0k-4c1d9e"], env: ["API": "t0k-4c1d9e"], cwd: "work")))
        #expect(cmd.secrets == ["t0k-4c1d9e"], "TOKEN names a credential; PYTHON and WORKDIR do not")
    }

    @Test func vertexTargetsDecodeWithTheirDefaults() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load("""
            suite: vertex
            default_target: tuned
            targets:
              tuned:
                provider: vertex
                project: ${PROJECT}
                endpoint: "1234567890"
              flash:
                provider: vertex
                project: my-project
                location: global
                model: gemini-2.5-flash
                token_command: [gcloud, auth, print-access-token]
              local:
                provider: vertex
                project: p
                location: europe-west4
                model: m
                base_url: http://127.0.0.1:8000/v1
                token_env: MY_TOKEN
            cases:
              - prompt: "1"
            """)
        let environment = ["PROJECT": "my-project", "VERTEX_ACCESS_TOKEN": "ya29.secret", "MY_TOKEN": "other-token"]
        let tuned = try suite.resolve(suite.targets[0], environment: environment)
        guard case .vertex(let endpoint) = tuned.config else { Issue.record("not vertex"); return }
        #expect(endpoint == .init(project: "my-project", location: "us-central1", resource: .endpoint("1234567890"), token: .environment("VERTEX_ACCESS_TOKEN")))
        #expect(endpoint.effectiveBaseURL == "https://us-central1-aiplatform.googleapis.com/v1")
        #expect(tuned.config.model == "endpoints/1234567890")
        #expect(tuned.secrets == ["ya29.secret"], "the token is a secret; a project named from the environment is not")

        let flash = try suite.resolve(suite.targets[1], environment: environment)
        guard case .vertex(let publisher) = flash.config else { Issue.record("not vertex"); return }
        #expect(publisher.resource == .model("gemini-2.5-flash"))
        #expect(publisher.token == .command(["gcloud", "auth", "print-access-token"]))
        #expect(publisher.effectiveBaseURL == "https://aiplatform.googleapis.com/v1")
        #expect(publisher.resourceName == "projects/my-project/locations/global/publishers/google/models/gemini-2.5-flash")
        #expect(ProviderFactory.missingKeys(for: flash.config, environment: [:]).isEmpty)

        let local = try suite.resolve(suite.targets[2], environment: environment)
        guard case .vertex(let custom) = local.config else { Issue.record("not vertex"); return }
        #expect(custom.effectiveBaseURL == "http://127.0.0.1:8000/v1")
        #expect(custom.token == .environment("MY_TOKEN"))
        #expect(local.secrets == ["other-token"])
        #expect(ProviderFactory.missingKeyMessage(target: "local", config: local.config, environment: [:]) == "target 'local': environment variable MY_TOKEN is not set; export it or choose another target")
    }

    @Test func anUnsetVariableIsAnErrorAtTheField() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.variables)
        #expect(throws: suite.source.diagnostic("target 'tuned': environment variable TUNED_MODEL is not set (used in model)", at: Mark(line: 6, column: 12))) {
            try suite.resolve(suite.targets[0], environment: ["GEMINI_URL": "http://x", "PERSONA": "p"])
        }
        #expect(throws: suite.source.diagnostic("target 'hook': environment variable TOKEN is empty (used in body)", at: Mark(line: 16, column: 11))) {
            try suite.resolve(suite.targets[1], environment: ["TOKEN": ""])
        }
        let error = try #require(throws: Diagnostic.self) {
            try suite.resolve(suite.targets[2], environment: ["PYTHON": "python3"])
        }
        #expect(error.message == "target 'cmd': environment variable TOKEN is not set (used in run)")
        #expect(error.mark == Mark(line: 20, column: 34))
    }

    @Test func missingVariablesAreListedOnceInOrder() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.variables)
        #expect(suite.missingVariables(of: suite.targets[0], environment: ["GEMINI_URL": "http://x"]) == ["TUNED_MODEL", "PERSONA"])
        #expect(suite.missingVariables(of: suite.targets[1], environment: ["TOKEN": ""]) == ["TOKEN"])
        #expect(suite.missingVariables(of: suite.targets[2], environment: [:]) == ["PYTHON", "TOKEN", "WORKDIR"])
        #expect(suite.missingVariables(of: suite.targets[2], environment: ["PYTHON": "p", "TOKEN": "t", "WORKDIR": "w"]).isEmpty)
    }

    @Test func resolvedValuesAreCheckedLikeWrittenOnes() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load("""
            suite: v
            default_target: ref
            targets:
              ref:
                provider: reference
                model: ${MODEL}
              local:
                provider: openai
                model: m
                base_url: ${URL}
            cases:
              - prompt: a
            """)
        #expect(try suite.resolve(suite.targets[0], environment: ["MODEL": "next-number"]).config == .reference(model: "next-number"))
        let model = try #require(throws: Diagnostic.self) { try suite.resolve(suite.targets[0], environment: ["MODEL": "gpt"]) }
        #expect(model.message.contains("the reference provider has one model"))
        let url = try #require(throws: Diagnostic.self) { try suite.resolve(suite.targets[1], environment: ["URL": "nowhere"]) }
        #expect(url.message == "base_url expects an http:// or https:// URL, got 'nowhere'")
        #expect(url.mark == Mark(line: 10, column: 15))
    }

    // MARK: What is a secret

    static let secretRules = """
        suite: v
        default_target: local
        targets:
          local:
            provider: openai
            model: ${MODEL}
            base_url: http://127.0.0.1:${PORT}/v1
            api_key_env: LOCAL_KEY
            system: persona ${PERSONA}
          hook:
            provider: http
            url: http://127.0.0.1:${PORT}/x?key=${HOOK_API_KEY}
            headers: {X-Tenant: "${TENANT}"}
            body: '{"p": "{{prompt}}"}'
            output: /text
          cmd:
            provider: command
            run: [tool, "--port=${PORT}", "--token=${CLI_TOKEN}"]
            env: {OPENAI_API_KEY: "${UPSTREAM}", LEVEL: "${LEVEL}"}
          gem:
            provider: gemini
            model: models/m
        cases:
          - prompt: a
        """

    static let secretEnvironment = [
        "MODEL": "next-number", "PORT": "18000", "PERSONA": "terse", "LOCAL_KEY": "local-key-123", "HOOK_API_KEY": "hook-key-456",
        "TENANT": "tenant-789", "CLI_TOKEN": "cli-token-0ab", "UPSTREAM": "upstream-cde", "LEVEL": "3", "GOOGLE_API_KEY": "google-key-f01",
    ]

    @Test func onlyKeysHeaderValuesAndCredentialNamedVariablesAreSecrets() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.secretRules)
        func secrets(_ index: Int, _ environment: [String: String] = Self.secretEnvironment) throws -> [String] {
            try suite.resolve(suite.targets[index], environment: environment).secrets
        }
        #expect(try secrets(0) == ["local-key-123"], "a port, a model and a persona are not secrets; the api_key_env key is")
        #expect(try secrets(1) == ["hook-key-456", "tenant-789"], "a variable named as a key, and every header value")
        #expect(try secrets(2) == ["cli-token-0ab", "upstream-cde"], "a token, and what a command gets in OPENAI_API_KEY; LEVEL is not")
        #expect(try secrets(3) == ["google-key-f01"], "Gemini's default key variable")
        var both = Self.secretEnvironment
        both["GEMINI_API_KEY"] = "gemini-key-234"
        #expect(try secrets(3, both) == ["gemini-key-234"], "the key that is sent, not the one left unused")
    }

    @Test func credentialNamesAreWholeWords() {
        for name in ["API_KEY", "hf_token", "AWS_SECRET_ACCESS_KEY", "DB_PASSWORD", "X_AUTH", "MY_APIKEY", "GCP_CREDENTIALS"] {
            #expect(FieldExpander.namesCredential(name), "\(name)")
        }
        for name in ["MONKEY", "KEYBOARD_LAYOUT", "PORT", "PERSONA", "TOKENIZER", "AUTHOR"] {
            #expect(!FieldExpander.namesCredential(name), "\(name)")
        }
    }

    @Test func aSecretShorterThanEightCharactersIsRefusedAtItsField() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.secretRules)
        var environment = Self.secretEnvironment
        environment["TENANT"] = "acme"
        let header = try #require(throws: Diagnostic.self) { try suite.resolve(suite.targets[1], environment: environment) }
        #expect(header.message.hasPrefix("target 'hook': environment variable TENANT (used in headers.X-Tenant) holds a secret of 4 characters; secrets must have at least 8"))
        #expect(header.mark == Mark(line: 13, column: 25))

        environment = Self.secretEnvironment
        environment["LOCAL_KEY"] = "k"
        let key = try #require(throws: Diagnostic.self) { try suite.resolve(suite.targets[0], environment: environment) }
        #expect(key.message.hasPrefix("target 'local': environment variable LOCAL_KEY (used in api_key_env) holds a secret of 1 character;"))
        #expect(key.mark == Mark(line: 8, column: 18))

        environment = Self.secretEnvironment
        environment["GOOGLE_API_KEY"] = "short"
        let gemini = try #require(throws: Diagnostic.self) { try suite.resolve(suite.targets[3], environment: environment) }
        #expect(gemini.message.contains("GOOGLE_API_KEY"))

        environment = Self.secretEnvironment
        environment["PORT"] = "80"
        environment["LEVEL"] = "1"
        #expect(try suite.resolve(suite.targets[2], environment: environment).config == .command(.init(
            run: ["tool", "--port=80", "--token=cli-token-0ab"], env: ["OPENAI_API_KEY": "upstream-cde", "LEVEL": "1"])), "short values that are not secrets are fine")
    }

    @Test func targetsBuiltInCodeResolveFromTheirFields() throws {
        let suite = Suite(
            name: "code", source: SourceFile(path: "code", text: ""), directory: URL(fileURLWithPath: "/"), defaultTarget: "ref",
            targets: [Suite.Target(name: "ref", provider: "reference", model: "next-number", system: "S")],
            cases: [Suite.Case(id: "a", prompt: "1")])
        let resolved = try suite.resolve(suite.targets[0], environment: [:])
        #expect(resolved.config == .reference(model: "next-number"))
        #expect(resolved.system == "S")
        #expect(suite.resolve(suite.cases[0], for: resolved).prompt == "1")
    }
}

fileprivate extension Array {
    /// The results of an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var results: [T] = []
        for element in self { results.append(await transform(element)) }
        return results
    }
}
