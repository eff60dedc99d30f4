import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSuite

/// Every kind of suite error, each at the line and column marked `⟪` in its input.
@Suite struct SuiteLoaderErrorTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var message: String
        var testDescription: String { name }
    }

    static let examples: [Example] = [
        Example(name: "unknown top-level key", text: SuiteText.header + "⟪descripton: x\ncases:\n  - prompt: a\n",
                message: "unknown key 'descripton' in the suite; did you mean 'description'? (valid: suite, description, default_target, targets, defaults, gate, golden_matcher, golden_strict, cases, cases_from)"),
        Example(name: "unknown target key", text: """
            suite: demo
            targets:
              ref:
                provider: reference
                ⟪modle: next-number
            cases:
              - prompt: a
            """, message: "unknown key 'modle' in target 'ref'; did you mean 'model'? (valid: provider, system, template, temperature, top_p, top_k, max_tokens, stop, seed, max_concurrency, rate_limit, ca_file, price, batch_discount, batch, model)"),
        Example(name: "unknown case key", text: SuiteText.withCases("  - prompt: a\n    ⟪expcet: b\n"),
                message: "unknown key 'expcet' in a case; did you mean 'expect'? (valid: id, prompt, vars, expect, tags, system, template, temperature, top_p, top_k, max_tokens, stop, seed, repeat, pass_if, timeout)"),
        Example(name: "unknown defaults key", text: SuiteText.header + "defaults:\n  ⟪temprature: 0\ncases:\n  - prompt: a\n",
                message: "unknown key 'temprature' in defaults; did you mean 'temperature'? (valid: template, system, vars, temperature, top_p, top_k, max_tokens, stop, seed, repeat, pass_if, expect, timeout)"),
        Example(name: "unknown gate key", text: SuiteText.header + "gate:\n  ⟪min_passrate: 1\ncases:\n  - prompt: a\n",
                message: "unknown key 'min_passrate' in gate; did you mean 'min_pass_rate'? (valid: min_pass_rate, max_regressions, significant_regression, max_error_rate, max_cost)"),
        Example(name: "unknown key without a close match", text: SuiteText.header + "⟪zzzzzzzz: 1\ncases:\n  - prompt: a\n",
                message: "unknown key 'zzzzzzzz' in the suite (valid: suite, description, default_target, targets, defaults, gate, golden_matcher, golden_strict, cases, cases_from)"),
        Example(name: "whole number expected", text: SuiteText.header + "defaults:\n  max_tokens: ⟪sixteen\ncases:\n  - prompt: a\n",
                message: "max_tokens expects a whole number, got 'sixteen'"),
        Example(name: "number expected", text: SuiteText.header + "defaults:\n  temperature: ⟪hot\ncases:\n  - prompt: a\n",
                message: "temperature expects a number, got 'hot'"),
        Example(name: "number with thousands separator", text: SuiteText.header + "defaults:\n  max_tokens: ⟪\"1,000\"\ncases:\n  - prompt: a\n",
                message: "max_tokens expects a whole number, got '1,000'"),
        Example(name: "boolean expected", text: SuiteText.header + "golden_strict: ⟪yes\ncases:\n  - prompt: a\n",
                message: "golden_strict expects true or false, got 'yes'"),
        Example(name: "list expected", text: SuiteText.header + "cases: ⟪{prompt: a}\n",
                message: "cases expects a list of cases, got a mapping"),
        Example(name: "a case is a mapping", text: SuiteText.withCases("  - ⟪just a prompt\n"),
                message: "a case expects a mapping, got 'just a prompt'"),
        Example(name: "string expected", text: SuiteText.withCases("  - prompt: ⟪[a, b]\n"),
                message: "prompt expects a string, got a list"),
        Example(name: "stop items are strings", text: SuiteText.withCases("  - prompt: a\n    stop: [x, ⟪{y: z}]\n"),
                message: "stop expects a list of strings, but an item is a mapping"),
        Example(name: "repeat at least 1", text: SuiteText.withCases("  - prompt: a\n    repeat: ⟪0\n"),
                message: "repeat must be a whole number from 1 to 1000, got 0"),
        Example(name: "pass_if words", text: SuiteText.withCases("  - prompt: a\n    pass_if: ⟪most\n"),
                message: "pass_if expects all, majority or a whole number of samples, got 'most'"),
        Example(name: "pass_if above repeat", text: SuiteText.withCases("  - prompt: a\n    repeat: 2\n    pass_if: ⟪3\n"),
                message: "pass_if 3 is more than the 2 samples of case 'a'"),
        Example(name: "defaults pass_if above a case's repeat", text: SuiteText.header + "defaults:\n  repeat: 3\n  pass_if: ⟪3\ncases:\n  - prompt: a\n  - prompt: b\n    repeat: 1\n",
                message: "pass_if 3 is more than the 1 sample of case 'b'"),
        Example(name: "pass_if zero", text: SuiteText.withCases("  - prompt: a\n    pass_if: ⟪0\n"),
                message: "pass_if must be all, majority or a whole number from 1 to 1000, got 0"),
        Example(name: "timeout positive", text: SuiteText.withCases("  - prompt: a\n    timeout: ⟪0\n"),
                message: "timeout must be a number of seconds greater than 0 and at most 86400, got 0"),
        Example(name: "temperature not negative", text: SuiteText.withCases("  - prompt: a\n    temperature: ⟪-0.5\n"),
                message: "temperature must be a number of at least 0, got -0.5"),
        Example(name: "top_p in [0, 1]", text: SuiteText.withCases("  - prompt: a\n    top_p: ⟪1.5\n"),
                message: "top_p must be a number from 0 to 1, got 1.5"),
        Example(name: "rate_limit positive", text: """
            suite: demo
            targets:
              ref:
                provider: reference
                model: next-number
                rate_limit: ⟪-1
            cases:
              - prompt: a
            """, message: "rate_limit must be a number of requests per minute from 0.001 to 1000000, got -1"),
        Example(name: "max_concurrency at least 1", text: """
            suite: demo
            targets:
              ref:
                provider: reference
                model: next-number
                max_concurrency: ⟪0
            cases:
              - prompt: a
            """, message: "max_concurrency must be a whole number from 1 to 1024, got 0"),
        Example(name: "gate rate in [0, 1]", text: SuiteText.header + "gate:\n  min_pass_rate: ⟪1.5\ncases:\n  - prompt: a\n",
                message: "min_pass_rate must be a number from 0 to 1, got 1.5"),
        Example(name: "gate max_regressions not negative", text: SuiteText.header + "gate:\n  max_regressions: ⟪-1\ncases:\n  - prompt: a\n",
                message: "max_regressions must be a whole number from 0 to 1000000000, got -1"),
        Example(name: "missing suite", text: "⟪targets:\n  ref:\n    provider: reference\n    model: next-number\ncases:\n  - prompt: a\n",
                message: "missing required key 'suite' in the suite"),
        Example(name: "missing targets at line 1 after a comment", text: "⟪# a comment\nsuite: demo\ncases:\n  - prompt: a\n",
                message: "missing required key 'targets' in the suite"),
        Example(name: "missing cases", text: "⟪" + SuiteText.header,
                message: "missing required key 'cases' or 'cases_from'"),
        Example(name: "missing provider", text: """
            suite: demo
            targets:
              ref:
                ⟪model: next-number
            cases:
              - prompt: a
            """, message: "missing required key 'provider' in target 'ref'"),
        Example(name: "misspelt provider", text: """
            suite: demo
            targets:
              ref:
                ⟪provder: reference
                model: next-number
            cases:
              - prompt: a
            """, message: "unknown key 'provder' in target 'ref'; did you mean 'provider'? (valid: provider, system, template, temperature, top_p, top_k, max_tokens, stop, seed, max_concurrency, rate_limit, ca_file, price, batch_discount, batch, model, api_key_env, base_url, api, url, body, output, method, headers, run, env, cwd, project, location, endpoint, token_env, token_command)"),
        Example(name: "missing prompt", text: SuiteText.withCases("  - ⟪id: x\n    tags: [a]\n"),
                message: "missing required key 'prompt' in a case"),
        Example(name: "missing openai base_url", text: """
            suite: demo
            targets:
              local:
                ⟪provider: openai
                model: m
            cases:
              - prompt: a
            """, message: "missing required key 'base_url' in target 'local' (provider openai)"),
        Example(name: "field of another provider", text: """
            suite: demo
            targets:
              base:
                provider: gemini
                model: models/x
                ⟪api: chat
            cases:
              - prompt: a
            """, message: "'api' is not a field of provider gemini (its fields: model, api_key_env, base_url)"),
        Example(name: "unknown provider", text: """
            suite: demo
            targets:
              base:
                provider: ⟪gemni
                model: models/x
            cases:
              - prompt: a
            """, message: "unknown provider 'gemni'; did you mean 'gemini'? (valid: reference, gemini, openai, http, command, vertex)"),
        Example(name: "vertex endpoint and model", text: """
            suite: demo
            targets:
              tuned:
                provider: vertex
                project: p
                endpoint: "123"
                model: ⟪gemini-2.5-flash
            cases:
              - prompt: a
            """, message: "target 'tuned' sets both endpoint and model; a vertex target names exactly one: endpoint (a tuned model's endpoint ID) or model (a publisher model such as gemini-2.5-flash)"),
        Example(name: "vertex neither endpoint nor model", text: """
            suite: demo
            targets:
              tuned:
                ⟪provider: vertex
                project: p
            cases:
              - prompt: a
            """, message: "target 'tuned' (provider vertex) needs endpoint (a tuned model's endpoint ID) or model (a publisher model such as gemini-2.5-flash)"),
        Example(name: "vertex missing project", text: """
            suite: demo
            targets:
              tuned:
                ⟪provider: vertex
                endpoint: "123"
            cases:
              - prompt: a
            """, message: "missing required key 'project' in target 'tuned' (provider vertex)"),
        Example(name: "vertex project not a name", text: """
            suite: demo
            targets:
              tuned:
                provider: vertex
                project: ⟪my/project
                endpoint: "123"
            cases:
              - prompt: a
            """, message: "project expects a name of letters, digits, '-', '_' and '.', got 'my/project'"),
        Example(name: "vertex two token sources", text: """
            suite: demo
            targets:
              tuned:
                provider: vertex
                project: p
                endpoint: "123"
                token_env: MY_TOKEN
                token_command: ⟪[gcloud, auth, print-access-token]
            cases:
              - prompt: a
            """, message: "token_env and token_command are alternatives; set one"),
        Example(name: "reference model", text: """
            suite: demo
            targets:
              ref:
                provider: reference
                model: ⟪gpt-4
            cases:
              - prompt: a
            """, message: "the reference provider has one model, 'next-number'; got 'gpt-4'"),
        Example(name: "openai api", text: """
            suite: demo
            targets:
              local:
                provider: openai
                model: m
                base_url: http://127.0.0.1:1/v1
                api: ⟪chats
            cases:
              - prompt: a
            """, message: "api expects chat or completions, got 'chats' (did you mean 'chat'?)"),
        Example(name: "base_url not a URL", text: """
            suite: demo
            targets:
              local:
                provider: openai
                model: m
                base_url: ⟪localhost:8000
            cases:
              - prompt: a
            """, message: "base_url expects an http:// or https:// URL, got 'localhost:8000'"),
        Example(name: "http body not JSON", text: """
            suite: demo
            targets:
              hook:
                provider: http
                url: http://127.0.0.1:1/x
                body: ⟪'{"input": {{prompt}}}'
                output: /text
            cases:
              - prompt: a
            """, message: "body is not valid JSON"),
        Example(name: "http output not a pointer", text: """
            suite: demo
            targets:
              hook:
                provider: http
                url: http://127.0.0.1:1/x
                body: '{"input": "{{prompt}}"}'
                output: ⟪choices.0.text
            cases:
              - prompt: a
            """, message: "output expects a JSON Pointer such as /choices/0/text, got 'choices.0.text'"),
        Example(name: "command run empty", text: """
            suite: demo
            targets:
              cmd:
                provider: command
                run: ⟪[]
            cases:
              - prompt: a
            """, message: "run expects a program and its arguments"),
        Example(name: "api_key_env names a variable", text: """
            suite: demo
            targets:
              base:
                provider: gemini
                model: models/x
                api_key_env: ⟪${KEY}
            cases:
              - prompt: a
            """, message: "api_key_env names an environment variable (such as MY_API_KEY), got '${KEY}'"),
        Example(name: "malformed variable reference", text: """
            suite: demo
            targets:
              base:
                provider: gemini
                model: ⟪tunedModels/${MODEL
            cases:
              - prompt: a
            """, message: "'${' is not closed: write ${NAME}, or $${ for a literal ${ (in model)"),
        Example(name: "invalid suite name", text: "suite: ⟪next number\n" + SuiteText.header.split(separator: "\n").dropFirst().joined(separator: "\n") + "\ncases:\n  - prompt: a\n",
                message: "suite name 'next number' may use only letters, digits, '.', '_' and '-'"),
        Example(name: "suite name '..' would leave the golden folder", text: "suite: ⟪..\n" + SuiteText.header.split(separator: "\n").dropFirst().joined(separator: "\n") + "\ncases:\n  - prompt: a\n",
                message: "suite name '..' may use only letters, digits, '.', '_' and '-', and is not '.' or '..' (it names the golden folder)"),
        Example(name: "suite name '.'", text: "suite: ⟪\".\"\n" + SuiteText.header.split(separator: "\n").dropFirst().joined(separator: "\n") + "\ncases:\n  - prompt: a\n",
                message: "suite name '.' may use only"),
        Example(name: "invalid target name", text: "suite: demo\ntargets:\n  ⟪my.target:\n    provider: reference\n    model: next-number\ncases:\n  - prompt: a\n",
                message: "target name 'my.target' may use only letters, digits, '_' and '-'"),
        Example(name: "no targets", text: "suite: demo\ntargets: ⟪{}\ncases:\n  - prompt: a\n",
                message: "targets must name at least one target"),
        Example(name: "unknown default_target", text: SuiteText.header + "default_target: ⟪rfe\ncases:\n  - prompt: a\n",
                message: "default_target 'rfe' is not a target (did you mean 'ref'?); targets are ref"),
        Example(name: "default_target needed with several targets", text: """
            ⟪suite: demo
            targets:
              a:
                provider: reference
                model: next-number
              b:
                provider: reference
                model: next-number
            cases:
              - prompt: a
            """, message: "missing required key 'default_target': the suite has several targets (a, b)"),
        Example(name: "invalid explicit id", text: SuiteText.withCases("  - id: ⟪digits 1\n    prompt: a\n"),
                message: "case id 'digits 1' may use only letters, digits, '.', '_' and '-'"),
        Example(name: "empty derived id", text: SuiteText.withCases("  - prompt: ⟪\"???\"\n"),
                message: "cannot derive a case id from prompt \"???\": give the case an explicit id"),
        Example(name: "empty tag", text: SuiteText.withCases("  - prompt: a\n    tags: [x, ⟪\"\"]\n"),
                message: "tags may not hold an empty tag"),
        Example(name: "var named prompt", text: SuiteText.withCases("  - prompt: a\n    vars:\n      ⟪prompt: b\n"),
                message: "'prompt' cannot be a var"),
        Example(name: "var value not a string", text: SuiteText.withCases("  - prompt: a\n    vars:\n      x: ⟪[1]\n"),
                message: "vars expects a string for 'x', got a list"),
        Example(name: "unknown template var in a case", text: SuiteText.withCases("  - prompt: a\n    vars: {lang: fr}\n    template: \"{{lang}}: ⟪{{ tone }}\"\n"),
                message: "template uses {{tone}}, which case 'a' does not define (its vars: lang)"),
        Example(name: "unknown template var in defaults", text: SuiteText.header + """
            defaults:
              template: |
                Answer in {{lang}}.
                Question: ⟪{{question}}
            cases:
              - prompt: a
                vars: {lang: fr}

            """, message: "template uses {{question}}, which case 'a' does not define (its vars: lang)"),
        Example(name: "unknown template var in a target", text: """
            suite: demo
            targets:
              ref:
                provider: reference
                model: next-number
                template: "{{prompt}}!"
              other:
                provider: reference
                model: next-number
                template: "⟪{{promt}}"
            default_target: ref
            cases:
              - prompt: a
                template: "{{prompt}}"
              - prompt: b
            """, message: "template uses {{promt}}, which case 'b' does not define (it has no vars) (did you mean 'prompt'?)"),
        Example(name: "duplicate explicit ids", text: SuiteText.withCases("  - id: x\n    prompt: a\n  - id: ⟪x\n    prompt: b\n"),
                message: "duplicate case id 'x' (also at SUITE:7:9)"),
        Example(name: "duplicate derived ids", text: SuiteText.withCases("  - prompt: one hundred\n  - prompt: ⟪one  hundred\n"),
                message: "duplicate case id 'one-hundred' (also at SUITE:7:13)"),
    ]

    @Test(arguments: examples)
    func reportsErrorAtItsPlace(example: Example) throws {
        let fixture = try SuiteFixture()
        let path = fixture.directory.appendingPathComponent("suite.yaml-lite").path
        let error = try #require(fixture.failure(example.text))
        let expected = try #require(SuiteFixture.markerPosition(in: example.text))
        #expect(error.path == path)
        #expect(error.mark == expected)
        #expect(error.message.contains(example.message.replacingOccurrences(of: "SUITE", with: path)), "\(error.message)")
        #expect(error.sourceLine == SuiteFixture.unmarked(example.text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[expected.line - 1])
    }

    @Test func rendersWithSourceLineAndCaret() throws {
        let fixture = try SuiteFixture()
        let error = try #require(fixture.failure(SuiteText.header + "defaults:\n  max_tokens: sixteen\ncases:\n  - prompt: a\n"))
        let path = fixture.directory.appendingPathComponent("suite.yaml-lite").path
        #expect(error.rendered() == "\(path):7:15: error: max_tokens expects a whole number, got 'sixteen'\n  max_tokens: sixteen\n              ^")
    }
}
