import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitProviders

@Suite struct SuiteLoaderTests {
    static let everyKey = """
        suite: next-number.v2
        description: The tuned model answers the next number.
        default_target: local
        targets:
          ref:
            provider: reference
            model: next-number
          base:
            provider: gemini
            model: models/gemini-2.0-flash
            api_key_env: MY_GEMINI_KEY
            base_url: http://127.0.0.1:9/v1beta
            system: Answer with the next number.
            template: "Next after {{prompt}}:"
            temperature: 0.5
            top_p: 0.9
            top_k: 40
            max_tokens: 8
            stop: [".", "\\n"]
            seed: -7
            max_concurrency: 4
            rate_limit: 120
          local:
            provider: openai
            base_url: http://127.0.0.1:8000/v1
            model: next-number-lora
            api: completions
            api_key_env: LOCAL_KEY
          hook:
            provider: http
            url: http://127.0.0.1:9/generate
            method: put
            headers:
              Authorization: Bearer ${TOKEN}
              X-Trace: "on"
            body: '{"input": "{{prompt}}", "system": "{{system}}"}'
            output: /choices/0/text
          script:
            provider: command
            run: [python3, model.py, --fast]
            env:
              MODE: test
            cwd: tools
        defaults:
          template: "{{prompt}}"
          system: Be brief.
          vars:
            lang: en
          temperature: 0
          max_tokens: 16
          repeat: 3
          pass_if: majority
          timeout: 12.5
        gate:
          min_pass_rate: 0.9
          max_regressions: 0
          significant_regression: 0.05
          max_error_rate: 0.1
        golden_strict: true
        cases:
          - id: digits-1
            prompt: "1"
            vars:
              lang: fr
            tags: [digits, quick]
            system: Digits only.
            template: "{{lang}}: {{prompt}}"
            temperature: 1
            top_p: 0.5
            top_k: 3
            max_tokens: 4
            stop:
              - END
            seed: 42
            repeat: 5
            pass_if: 4
            timeout: 3
          - prompt: one hundred
            tags:
              - words
              - heldout
          - prompt: "10,100,000"
            pass_if: all
        """

    /// The example of SPEC §4, as written there.
    static let specExample = """
        suite: next-number                 # required; [A-Za-z0-9._-]+; names the golden folder
        description: The tuned model answers the next number in the sequence.
        default_target: reference
        targets:                           # names: [A-Za-z0-9_-]+
          reference:                       # the built-in reference model: runs offline, no key
            provider: reference
            model: next-number
          base:
            provider: gemini
            model: models/gemini-2.0-flash
            system: Answer with the next number in the sequence and nothing else.   # per-target prompt
          tuned:
            provider: gemini
            model: ${TUNED_MODEL}          # ${VAR}: only in target fields; unset + target used = exit 2
          local:
            provider: openai
            base_url: http://127.0.0.1:8000/v1
            model: next-number-lora
            max_concurrency: 4
        defaults:                          # apply to every case; a case or target says otherwise
          temperature: 0
          max_tokens: 16
          template: "{{prompt}}"           # {{prompt}} and {{name}} for each of the case's vars
        gate:
          min_pass_rate: 1.0               # per judged target, over answered cases
          max_regressions: 0               # against the baseline
          significant_regression: 0.05     # fail when worse than the baseline with McNemar p below this
        cases:
          - id: digits-1
            prompt: "1"
            expect: "2"                    # a bare string means exact match
          - prompt: one hundred            # derived id: "one-hundred" (§4.1)
            expect: one hundred one
            tags: [words, heldout]
          - id: comma
            prompt: "10,100,000"
            expect: {numeric: 10100001}
          - id: roman
            prompt: III
            expect:                        # a list: every matcher must pass
              - regex: "^IV$"
              - not_contains: sorry
        cases_from:                        # optional, one or a list (§4.3)
          path: data/next-number.jsonl     # relative to the suite file
          format: gemini-tuning
        """

    @Test func loadsTheSpecExample() async throws {
        let fixture = try SuiteFixture()
        try fixture.write("data/next-number.jsonl", """
            {"text_input": "99", "output": "100"}
            {"text_input": "twenty-two", "output": "twenty-three"}

            """)
        let suite = try fixture.load(Self.specExample)
        #expect(suite.name == "next-number")
        #expect(suite.defaultTarget == "reference")
        #expect(suite.targets.map(\.name) == ["reference", "base", "tuned", "local"])
        #expect(suite.target(named: "tuned")?.model == "${TUNED_MODEL}")
        #expect(suite.gate == GateConfig(minPassRate: 1.0, maxRegressions: 0, significantRegression: 0.05, maxErrorRate: 0))
        #expect(suite.cases.map(\.id) == ["digits-1", "one-hundred", "comma", "roman", "99", "twenty-two"])
        #expect(suite.cases[1].tags == ["words", "heldout"])
        #expect(suite.missingVariables(of: suite.targets[2], environment: [:]) == ["TUNED_MODEL"])
        let reference = try suite.resolve(suite.targets[0], environment: [:])
        let resolved = suite.cases.map { suite.resolve($0, for: reference) }
        #expect(resolved.map(\.prompt) == ["1", "one hundred", "10,100,000", "III", "99", "twenty-two"])
        #expect(resolved.allSatisfy { $0.settings == GenerationSettings(temperature: 0, maxTokens: 16) })
        #expect(resolved.map { $0.matchers.map(\.name) } == [["exact"], ["exact"], ["numeric"], ["regex", "not_contains"], ["exact"], ["exact"]])
        var verdicts: [Bool] = []
        for (testCase, output) in zip(resolved, ["2", "one hundred one", "10,100,001", "IV", "100", "twenty-three"]) {
            var passed = true
            for matcher in testCase.matchers where !(await matcher.evaluate(output, in: MatchContext()).passed) { passed = false }
            verdicts.append(passed)
        }
        #expect(verdicts == Array(repeating: true, count: 6))
        let base = try suite.resolve(try #require(suite.target(named: "base")), environment: [:])
        #expect(suite.resolve(suite.cases[0], for: base).system == "Answer with the next number in the sequence and nothing else.")
    }

    @Test func loadsEveryKey() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.everyKey)
        #expect(suite.name == "next-number.v2")
        #expect(suite.description == "The tuned model answers the next number.")
        #expect(suite.defaultTarget == "local")
        #expect(suite.targets.map(\.name) == ["ref", "base", "local", "hook", "script"])
        #expect(suite.targets.map(\.provider) == ["reference", "gemini", "openai", "http", "command"])
        #expect(suite.targets.map(\.model) == ["next-number", "models/gemini-2.0-flash", "next-number-lora", nil, nil])
        #expect(suite.source.path == fixture.directory.appendingPathComponent("suite.yaml-lite").path)
        #expect(suite.directory.standardizedFileURL.path == fixture.directory.standardizedFileURL.path)
        #expect(suite.goldenStrict)
        #expect(suite.goldenMatcher == nil)
        #expect(suite.gate == GateConfig(minPassRate: 0.9, maxRegressions: 0, significantRegression: 0.05, maxErrorRate: 0.1))

        let base = try #require(suite.target(named: "base"))
        #expect(base.mark == Mark(line: 8, column: 3))
        #expect(base.system == "Answer with the next number.")
        #expect(base.template?.text == "Next after {{prompt}}:")
        #expect(base.template?.mark == Mark(line: 14, column: 15))
        #expect(base.settings == GenerationSettings(temperature: 0.5, topP: 0.9, topK: 40, maxTokens: 8, stop: [".", "\n"], seed: -7))
        #expect(base.maxConcurrency == 4)
        #expect(base.rateLimit == 120)

        #expect(suite.defaults.template?.text == "{{prompt}}")
        #expect(suite.defaults.system == "Be brief.")
        #expect(suite.defaults.vars == ["lang": "en"])
        #expect(suite.defaults.settings == GenerationSettings(temperature: 0, maxTokens: 16))
        #expect(suite.defaults.repeatCount == 3)
        #expect(suite.defaults.passIf == .majority)
        #expect(suite.defaults.timeout == 12.5)

        #expect(suite.cases.map(\.id) == ["digits-1", "one-hundred", "10-100-000"])
        let first = suite.cases[0]
        #expect(first.path == suite.source.path)
        #expect(first.mark == Mark(line: 61, column: 5))
        #expect(first.prompt == "1")
        #expect(first.vars == ["lang": "fr"])
        #expect(first.tags == ["digits", "quick"])
        #expect(first.system == "Digits only.")
        #expect(first.template?.text == "{{lang}}: {{prompt}}")
        #expect(first.settings == GenerationSettings(temperature: 1, topP: 0.5, topK: 3, maxTokens: 4, stop: ["END"], seed: 42))
        #expect(first.repeatCount == 5)
        #expect(first.passIf == .atLeast(4))
        #expect(first.timeout == 3)
        #expect(suite.cases[1].tags == ["words", "heldout"])
        #expect(suite.cases[2].passIf == .all)
    }

    @Test func resolvesEveryProvidersFields() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.everyKey)
        func config(_ name: String) throws -> ProviderConfig {
            try suite.resolve(try #require(suite.target(named: name)), environment: ["TOKEN": "s3cret-token"]).config
        }
        #expect(try config("ref") == .reference(model: "next-number"))
        #expect(try config("base") == .gemini(.init(model: "models/gemini-2.0-flash", apiKeyEnv: ["MY_GEMINI_KEY"], baseURL: "http://127.0.0.1:9/v1beta")))
        #expect(try config("local") == .openai(.init(model: "next-number-lora", baseURL: "http://127.0.0.1:8000/v1", api: .completions, apiKeyEnv: "LOCAL_KEY")))
        #expect(try config("hook") == .http(.init(
            url: "http://127.0.0.1:9/generate", method: "PUT",
            headers: [.init(name: "Authorization", value: "Bearer s3cret-token"), .init(name: "X-Trace", value: "on")],
            body: #"{"input": "{{prompt}}", "system": "{{system}}"}"#, output: "/choices/0/text")))
        #expect(try config("script") == .command(.init(run: ["python3", "model.py", "--fast"], env: ["MODE": "test"], cwd: "tools")))
    }

    @Test func providerDefaultsApplyWhenFieldsAreLeftOut() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load("""
            suite: d
            default_target: g
            targets:
              g:
                provider: gemini
                model: tunedModels/x
              o:
                provider: openai
                model: m
                base_url: https://example.com/v1
            cases:
              - prompt: a
            """)
        let gemini = try suite.resolve(suite.targets[0], environment: [:])
        #expect(gemini.config == .gemini(.init(model: "tunedModels/x")))
        #expect(gemini.secrets.isEmpty)
        let openai = try suite.resolve(suite.targets[1], environment: [:])
        #expect(openai.config == .openai(.init(model: "m", baseURL: "https://example.com/v1", api: .chat, apiKeyEnv: nil)))
    }

    @Test func aSingleTargetIsTheDefault() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(SuiteText.withCases("  - prompt: \"1\"\n"))
        #expect(suite.defaultTarget == "ref")
        #expect(suite.gate == GateConfig())
        #expect(suite.goldenStrict == false)
    }

    @Test func nullValuesAreTypeErrors() throws {
        let fixture = try SuiteFixture()
        let text = SuiteText.header + "description:⟪\ncases:\n  - prompt: a\n"
        let error = try #require(fixture.failure(text))
        #expect(error.mark == SuiteFixture.markerPosition(in: text))
        #expect(error.message == "description expects a string, got nothing (an empty value)")
    }

    @Test func emptyMappingsAreEmpty() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(SuiteText.header + "defaults:\n  # temperature: 0\ngate:\ncases:\n  - prompt: a\n    vars:\n")
        #expect(suite.defaults.settings == GenerationSettings())
        #expect(suite.gate == GateConfig())
        #expect(suite.cases[0].vars.isEmpty)
        let error = try #require(fixture.failure("suite: demo\ntargets:\n  ref:\ncases:\n  - prompt: a\n"))
        #expect(error.message == "missing required key 'provider' in target 'ref'")
        #expect(error.mark == Mark(line: 3, column: 3))
    }

    @Test func unreadableAndNonUTF8SuiteFilesAreDiagnostics() throws {
        let fixture = try SuiteFixture()
        let missing = fixture.directory.appendingPathComponent("nope.yaml-lite").path
        #expect(throws: Diagnostic("cannot read suite file: no such file", path: missing)) {
            try SuiteLoader.load(path: missing)
        }
        let url = fixture.directory.appendingPathComponent("latin1.yaml-lite")
        try Data("suite: ok\ndescription: caf".utf8 + [0xE9] + Data("\n".utf8)).write(to: url)
        #expect {
            try SuiteLoader.load(path: url.path)
        } throws: { error in
            let error = error as? Diagnostic
            return error?.mark == Mark(line: 2, column: 17) && error?.message.contains("not valid UTF-8") == true
        }
    }

    @Test func emptyFileAndNonMappingRootAreErrorsAtTheTop() throws {
        let fixture = try SuiteFixture()
        let empty = try #require(fixture.failure("# nothing here\n"))
        #expect(empty.mark == Mark(line: 1, column: 1))
        #expect(empty.message.contains("empty"))
        let list = try #require(fixture.failure("- suite: a\n"))
        #expect(list.mark == Mark(line: 1, column: 1))
        #expect(list.message.contains("got a list"))
    }
}
