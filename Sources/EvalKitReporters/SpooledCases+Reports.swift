import EvalKitResults

extension SpooledCases {
    /// A spool whose fragments are the JUnit `<testcase>` and HTML entry these reporters write,
    /// so reports spliced from it equal those rendered from the cases in memory. Without
    /// `htmlEntries` (a target shown beside others) it writes no HTML entry: `SpooledSuite`
    /// writes one entry per case for all the suite's targets.
    public convenience init(suite: String, target: TargetReport, retainLimit: Int = 1000, replayable: Bool = false, htmlEntries: Bool = true, retain: @escaping @Sendable (CaseReport) -> Bool) throws {
        let classname = "\(suite).\(target.target)"
        try self.init(suite: suite, target: target, retainLimit: retainLimit, replayable: replayable, render: { item, junit, html in
            JUnitReporter.appendTestcase(item, classname: classname, to: &junit)
            if htmlEntries { HTMLReporter.appendEntry(for: item, target: target, to: &html) }
            return JUnitReporter.seconds(item.durationSeconds)
        }, retain: retain)
    }
}
