import EvalKit

/// Checks `output` with `expected`; a failure or an error is recorded in the running test
/// framework at the caller's line, with the message the command line shows for it
/// (`expected "IV", got "III"`).
///
/// ```swift
/// await expectOutput(answer.text, .numeric(4))
/// ```
/// - Returns: the matcher's result, for a test that wants more than the recorded failure.
@discardableResult
public func expectOutput(
    _ output: String, _ expected: ExpectedOutput,
    fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column
) async -> MatchResult {
    let result = await expected.evaluate(output)
    if !result.passed {
        FailureRecorder.current.record(result.message, SourcePlace(fileID: fileID, filePath: filePath, line: line, column: column))
    }
    return result
}

/// Asks `model` for its answer to `prompt` and checks it with `expected`, recording a failure as
/// ``expectOutput(_:_:fileID:filePath:line:column:)`` does. An answer the model refused or a
/// filter blocked fails with `blocked by the model: REASON`, as in a suite run.
///
/// ```swift
/// try await expectAnswer(from: model, to: "III", .exact("IV"))
/// ```
/// - Throws: the provider's error when no answer came (a test error, not an expectation failure).
/// - Returns: the answer, for further checks.
@discardableResult
public func expectAnswer(
    from model: Model, to prompt: String, system: String? = nil, settings: GenerationSettings = GenerationSettings(),
    _ expected: ExpectedOutput,
    fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column
) async throws(ProviderError) -> Answer {
    let answer = try await model.answer(prompt, system: system, settings: settings)
    let place = SourcePlace(fileID: fileID, filePath: filePath, line: line, column: column)
    if let reason = answer.blockReason {
        FailureRecorder.current.record("blocked by the model: \(reason)", place)
        return answer
    }
    let result = await expected.evaluate(answer.text, in: MatchContext(prompt: prompt))
    if !result.passed {
        FailureRecorder.current.record(result.message, place)
    }
    return answer
}
