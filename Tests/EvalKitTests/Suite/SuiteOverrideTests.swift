import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitProviders

@Suite struct SuiteOverrideTests {
    static let suite = """
        suite: o
        default_target: tuned
        targets:
          ref:
            provider: reference
            model: next-number
          tuned:
            provider: gemini
            model: tunedModels/old
        defaults:
          temperature: 0
        cases:
          - prompt: "1"
        """

    @Test(arguments: [
        ("defaults.temperature=0.5", ["defaults", "temperature"], "0.5"),
        ("targets.tuned.model=tunedModels/a=b", ["targets", "tuned", "model"], "tunedModels/a=b"),
        ("gate.min_pass_rate=", ["gate", "min_pass_rate"], ""),
    ])
    func splitsAtTheFirstEquals(option: String, path: [String], value: String) throws {
        #expect(try SuiteOverride.parse(option) == SuiteOverride(path: path, value: value, option: option))
    }

    @Test func withoutAnOptionNameMessagesQuoteTheTextAlone() {
        #expect(throws: Diagnostic("an override expects PATH=VALUE (such as defaults.temperature=0.5), got 'temperature'")) {
            try SuiteOverride.parse("temperature")
        }
        #expect((try? SuiteOverride.parse("defaults.seed=1"))?.option == "defaults.seed=1")
        #expect((try? SuiteOverride.parse("defaults.seed=1", as: "--set"))?.option == "--set defaults.seed=1")
    }

    @Test(arguments: [
        ("temperature", "--set expects PATH=VALUE (such as defaults.temperature=0.5), got 'temperature'"),
        ("=1", "--set =1: PATH is mapping keys joined by '.'"),
        ("defaults..temperature=1", "--set defaults..temperature=1: PATH is mapping keys joined by '.'"),
        ("defaults.=1", "--set defaults.=1: PATH is mapping keys joined by '.'"),
        ("defaults.stop=[a, b", "--set defaults.stop=[a, b: "),
    ])
    func rejectsMalformedOptions(option: String, message: String) {
        #expect {
            _ = try SuiteOverride.parse(option, as: "--set")
        } throws: { error in
            let error = error as? Diagnostic
            return error?.message.hasPrefix(message) == true && error?.path == nil
        }
    }

    @Test func replacesAndCreatesValues() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.suite, sets: [
            "targets.tuned.model=tunedModels/new",
            "defaults.temperature=0.7",
            "defaults.stop=[a, \"b c\"]",
            "defaults.vars.lang=fr",
            "gate.min_pass_rate=0.5",
            "targets.tuned.system=",
            "targets.extra.provider=reference",
            "targets.extra.model=next-number",
            "golden_strict=true",
        ])
        #expect(suite.target(named: "tuned")?.model == "tunedModels/new")
        #expect(suite.target(named: "tuned")?.system == "")
        #expect(suite.defaults.settings == GenerationSettings(temperature: 0.7, stop: ["a", "b c"]))
        #expect(suite.defaults.vars == ["lang": "fr"])
        #expect(suite.gate.minPassRate == 0.5)
        #expect(suite.gate.maxErrorRate == 0)
        #expect(suite.goldenStrict)
        #expect(suite.targets.map(\.name) == ["ref", "tuned", "extra"])
        #expect(suite.target(named: "extra")?.mark == Mark.none)
        #expect(suite.target(named: "tuned")?.mark == Mark(line: 7, column: 3))
        #expect(try suite.resolve(try #require(suite.target(named: "extra")), environment: [:]).config == .reference(model: "next-number"))
    }

    @Test func laterOptionsWin() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.suite, sets: ["defaults.max_tokens=1", "defaults.max_tokens=2"])
        #expect(suite.defaults.settings.maxTokens == 2)
    }

    @Test func setsMatcherAndCaseValues() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.suite, sets: ["defaults.expect={numeric: 2, tolerance: 0}", "cases=[{prompt: a}, {id: b, prompt: c}]"])
        #expect(suite.defaults.expect.map(\.name) == ["numeric"])
        #expect(suite.cases.map(\.id) == ["a", "b"])
        #expect(suite.cases.allSatisfy { $0.mark == .none })
    }

    @Test func appliesBeforeVariablesAreResolved() throws {
        let fixture = try SuiteFixture()
        let suite = try fixture.load(Self.suite, sets: ["targets.tuned.model=${TUNED_MODEL}"])
        #expect(suite.target(named: "tuned")?.model == "${TUNED_MODEL}")
        let resolved = try suite.resolve(try #require(suite.target(named: "tuned")), environment: ["TUNED_MODEL": "tunedModels/x"])
        #expect(resolved.config.model == "tunedModels/x")
        let error = try #require(throws: Diagnostic.self) {
            try suite.resolve(try #require(suite.target(named: "tuned")), environment: [:])
        }
        #expect(error.message == "target 'tuned': environment variable TUNED_MODEL is not set (used in model)")
    }

    @Test(arguments: [
        ("defaults.temprature=0", "--set defaults.temprature=0: unknown key 'temprature' in defaults; did you mean 'temperature'?"),
        ("targets.tuned.modle=x", "--set targets.tuned.modle=x: unknown key 'modle' in target 'tuned'; did you mean 'model'? (valid: provider, system, template, temperature, top_p, top_k, max_tokens, stop, seed, max_concurrency, rate_limit, ca_file, price, batch_discount, batch, model, api_key_env, base_url)"),
        ("targets.tuned.api=chat", "--set targets.tuned.api=chat: 'api' is not a field of provider gemini"),
        ("colour=red", "--set colour=red: unknown key 'colour' in the suite (valid: suite, description, default_target, targets, defaults, gate, golden_matcher, golden_strict, cases, cases_from)"),
        ("defaults.max_tokens=sixteen", "--set defaults.max_tokens=sixteen: max_tokens expects a whole number, got 'sixteen'"),
        ("defaults.stop={a: b}", "--set defaults.stop={a: b}: stop expects a list of strings, got a mapping"),
        ("targets.new.model=next-number", "--set targets.new.model=next-number: missing required key 'provider' in target 'new'"),
        ("suite.name=x", "--set suite.name=x: 'suite' is a string, not a mapping, so it has no key 'name'"),
        ("defaults.expect={regx: a}", "--set defaults.expect={regx: a}: "),
        ("targets.tuned.model=${1BAD}", "--set targets.tuned.model=${1BAD}: '${1BAD}' is not a variable reference"),
        ("defaults.template=\"{{tone}}\"", "--set defaults.template=\"{{tone}}\": template uses {{tone}}, which case '1' does not define"),
    ])
    func errorsAboutSetValuesNameTheOption(option: String, message: String) throws {
        let fixture = try SuiteFixture()
        let error = try #require(fixture.failure(Self.suite, sets: [option]))
        #expect(error.message.hasPrefix(message), "\(error.message)")
        #expect(error.path == nil)
        #expect(error.mark == nil)
    }

    @Test func errorsInTheFileStillPointIntoIt() throws {
        let fixture = try SuiteFixture()
        let text = Self.suite + "\n    repeat: ⟪none\n"
        let error = try #require(fixture.failure(text, sets: ["defaults.repeat=2"]))
        #expect(error.mark == SuiteFixture.markerPosition(in: text))
        #expect(error.path == fixture.directory.appendingPathComponent("suite.yaml-lite").path)
    }
}
