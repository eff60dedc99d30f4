import EvalKit
import EvalKitTesting
import FakeModelServer
import Foundation
import XCTest

/// Evals in XCTest: the same assertions record with `XCTFail` at the caller's line.
final class NextNumberXCTests: XCTestCase {
    var server: FakeModelServer!
    var model: Model!

    override func setUpWithError() throws {
        server = try FakeModelServer()
        model = .openAI(baseURL: URL(string: "\(server.baseURL)/v1")!, model: "next-number")
    }

    override func tearDown() {
        server.stop()
    }

    func testAnswersInThePromptsNotation() async throws {
        try await expectAnswer(from: model, to: "III", .exact("IV"))
        try await expectAnswer(from: model, to: "one hundred", .oneOf(["one hundred one", "one hundred and one"]))
        try await expectAnswer(from: model, to: "-3", .numeric(-2))
    }

    func testTheBaseModelAnswersInDigits() async throws {
        let base = Model.openAI(baseURL: URL(string: "\(server.baseURL)/v1")!, model: "base")
        let answer = try await base.answer("IX")
        await expectOutput(answer.text, .all(.numeric(10), .not(.exact("X"))))
        XCTAssertNotNil(answer.usage)
    }
}
