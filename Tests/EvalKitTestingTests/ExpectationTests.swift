import EvalKit
import EvalKitTesting
import FakeModelServer
import Foundation
import Testing

@Suite struct ExpectationTests {
    @Test func aFailingOutputRecordsTheMatchersMessageAtTheCallersLine() async {
        let log = FailureLog()
        var line: UInt = 0
        await log.collect {
            line = #line; await expectOutput("III", .exact("IV"))
        }
        #expect(log.messages == [#"expected "IV", got "III""#])
        #expect(log.lines == [line])
    }

    @Test func aPassingOutputRecordsNothing() async {
        let log = FailureLog()
        await log.collect {
            await expectOutput("four", .numeric(4))
            await expectOutput(" IV\n", .all(.regex("^IV$"), .not(.contains("sorry")), .length(max: 4)))
            await expectOutput(#"{"ok": true, "n": 2}"#, .json(contains: #"{"ok": true}"#))
            await expectOutput("Four", .any(.oneOf(["4", "four"], caseSensitive: false), .similar("five")))
        }
        #expect(log.messages.isEmpty)
    }

    @Test(arguments: [
        (ExpectedOutput.numeric(5), "4", #"expected a number equal to 5 (±0), got "4" (4)"# as String?),
        (.not(.contains("sorry")), "sorry, no", #"expected not to contain "sorry", got "sorry, no""#),
        (.json(contains: #"{"ok": true}"#), #"{"ok": "true"}"#, nil),
    ])
    func failureMessagesAreTheCommandLines(expected: ExpectedOutput, output: String, message: String?) async {
        let log = FailureLog()
        await log.collect { await expectOutput(output, expected) }
        #expect(log.messages.count == 1)
        let direct = await expected.matcher?.evaluate(output)
        #expect(log.messages.first == direct?.message)
        if let message { #expect(log.messages.first == message) }
    }

    @Test func anInvalidArgumentIsAnErrorWhereTheExpectationIsChecked() async {
        let result = await ExpectedOutput.regex("(").evaluate("x")
        #expect(result.status == .error)
        #expect(result.matcher == "regex")
        #expect(result.message.hasPrefix("invalid regex matcher: "))
        let log = FailureLog()
        await log.collect { await expectOutput("{}", .json(equals: "{")) }
        #expect(log.messages.count == 1)
        #expect(log.messages.first?.hasPrefix("invalid json matcher: equals: ") == true)
    }

    /// The deliberately failing expectation of `Examples/` (`EVALS_EXAMPLE_FAILING=1`), with the message it shows.
    @Test func theExamplesFailingExpectation() async throws {
        let log = FailureLog()
        try await log.collect {
            try await expectAnswer(from: .reference(), to: "III", .exact("V"))
        }
        #expect(log.messages == [#"expected "V", got "IV""#])
    }

    @Test func expectAnswerAsksTheModel() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let model = Model.openAI(baseURL: URL(string: "\(server.baseURL)/v1")!, model: "next-number")
        let log = FailureLog()
        try await log.collect {
            let answer = try await expectAnswer(from: model, to: "III", .exact("IV"))
            #expect(answer.text == "IV")
            try await expectAnswer(from: model, to: "99", .numeric(101))
        }
        #expect(log.messages == [#"expected a number equal to 101 (±0), got "100" (100)"#])
        let blocked = Model.openAI(baseURL: URL(string: "\(server.baseURL)/v1")!, model: "blocked")
        let blockedLog = FailureLog()
        try await blockedLog.collect { try await expectAnswer(from: blocked, to: "1", .exact("2")) }
        #expect(blockedLog.messages.count == 1)
        #expect(blockedLog.messages.first?.hasPrefix("blocked by the model: ") == true)
    }

    @Test func aProviderErrorIsThrownNotRecorded() async throws {
        let server = try FakeModelServer()
        let url = URL(string: "\(server.baseURL)/v1")!
        server.stop()
        let log = FailureLog()
        await log.collect {
            await #expect(throws: ProviderError.self) {
                try await expectAnswer(from: .openAI(baseURL: url, model: "next-number"), to: "1", .exact("2"))
            }
        }
        #expect(log.messages.isEmpty)
    }

    @Test func modelsCarryTheirSystemAndSettings() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let model = Model.gemini(model: "models/next-number", apiKey: "k", baseURL: URL(string: "\(server.baseURL)/v1beta")!, system: "Answer.", settings: GenerationSettings(maxTokens: 8))
        let answer = try await model.answer("41", settings: GenerationSettings(temperature: 0))
        #expect(answer.text == "42")
        let body = try #require(server.requests.last?.body)
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains("Answer."))
        #expect(text.contains("maxOutputTokens"))
        #expect(text.contains("temperature"))
        #expect(try await Model.reference().answer("nine").text == "ten")
    }
}
