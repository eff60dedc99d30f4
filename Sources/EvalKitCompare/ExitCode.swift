import EvalKitResults

/// The exit codes of `evals` (SPEC §2), and the one computed from gate verdicts.
public enum ExitCode {
    /// Every gate holds.
    public static let success: Int32 = 0
    /// A gate other than `max_error_rate` failed.
    public static let gateFailed: Int32 = 1
    /// A usage error or an invalid input (nothing was sent), or an endpoint that rejected a
    /// target's configuration (authentication, model not found, TLS trust): rerunning will not help.
    public static let usage: Int32 = 2
    /// Only `max_error_rate` failed: the endpoint, not the model, is to blame.
    public static let tooManyErrors: Int32 = 3
    /// Interrupted by SIGINT or SIGTERM.
    public static let interrupted: Int32 = 130

    /// 2 when an endpoint rejected a target's configuration (a case with error kind
    /// `configuration`), else 1 when any gate other than `max_error_rate` failed, else 3 when a
    /// `max_error_rate` gate failed, else 0. Usage errors and interrupts are the command line's to report.
    public static func compute(suites: [SuiteReport]) -> Int32 {
        if hasConfigurationError(suites) { return usage }
        let failed = suites.flatMap(\.gates).filter { !$0.passed }
        if failed.contains(where: { $0.gate != GateKind.maxErrorRate }) { return gateFailed }
        if !failed.isEmpty { return tooManyErrors }
        return success
    }

    /// Whether any case of any target, judged or baseline, ended in a configuration error.
    public static func hasConfigurationError(_ suites: [SuiteReport]) -> Bool {
        suites.contains { suite in
            suite.targets.contains { target in target.cases.contains { $0.outcome == .error && $0.errorKind == .configuration } }
        }
    }
}
