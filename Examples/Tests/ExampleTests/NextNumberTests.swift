import EvalKit
import EvalKitTesting
import FakeModelServer
import Foundation
import Testing

/// Evals in Swift Testing: the fake model stands in for a tuned model served by an
/// OpenAI-compatible server.
@Suite struct NextNumberTests {
    let server: FakeModelServer
    let model: Model

    init() throws {
        server = try FakeModelServer()
        model = .openAI(baseURL: URL(string: "\(server.baseURL)/v1")!, model: "next-number")
    }

    @Test func answersInThePromptsNotation() async throws {
        defer { server.stop() }
        try await expectAnswer(from: model, to: "III", .exact("IV"))
        try await expectAnswer(from: model, to: "nineteen", .all(.numeric(20), .not(.contains("19"))))
        try await expectAnswer(from: model, to: "9,999", .regex(#"^10,000$"#))
    }

    @Test(arguments: ["1", "41", "99"])
    func answersTheNextNumber(prompt: String) async throws {
        defer { server.stop() }
        let answer = try await model.answer(prompt)
        await expectOutput(answer.text, .numeric(Decimal(string: prompt)! + 1))
    }

    @Test func countsLikeItsGoldenFile() async throws {
        defer { server.stop() }
        var lines: [String] = []
        for prompt in ["I", "one", "1,000"] {
            lines.append(try await model.answer(prompt).text)
        }
        assertGolden(lines.joined(separator: "\n"), named: "count")
    }

    /// A whole suite file, run from code against the tuned model and the base model.
    @Test func theSuiteHoldsItsGates() async throws {
        defer { server.stop() }
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("suites/roman.yaml-lite").path
        let run = try await Suite.load(path).run(
            targets: ["tuned"], baseline: "base",
            options: .init(environment: ["FAKE_MODEL_URL": server.baseURL], golden: .off))
        #expect(run.passRate("tuned") == 1)
        #expect(run.comparison(baseline: "base", candidate: "tuned")?.fixed == 2)
        run.assertGates()
    }

    /// Fails on purpose, to show what a failure says; runs only with `EVALS_EXAMPLE_FAILING=1`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["EVALS_EXAMPLE_FAILING"] == "1"))
    func deliberatelyFailing() async throws {
        defer { server.stop() }
        try await expectAnswer(from: model, to: "III", .exact("V"))
    }
}
