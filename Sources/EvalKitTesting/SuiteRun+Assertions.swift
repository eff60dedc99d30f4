import EvalKit

extension SuiteRun {
    /// Records one failure per failed gate (and per golden file that could not be written) in the
    /// running test framework at the caller's line, worded as the text report words it:
    /// `GATE min_pass_rate[tuned] 0.750 >= 1.000 FAIL`, then the cases that made it fail.
    ///
    /// - Returns: whether every gate held.
    @discardableResult
    public func assertGates(fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) -> Bool {
        let place = SourcePlace(fileID: fileID, filePath: filePath, line: line, column: column)
        for message in failures {
            FailureRecorder.current.record(message, place)
        }
        return failures.isEmpty
    }
}
