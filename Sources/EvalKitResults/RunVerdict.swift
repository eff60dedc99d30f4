/// What a run's results say as a whole (SPEC §2): results.json records it as `exit_code` (its raw
/// value), and the command line exits with that status. The command line owns the other statuses
/// (usage errors) and maps this verdict to its exit code.
public enum RunVerdict: Int32, Sendable, Equatable {
    /// Every gate holds.
    case passed = 0
    /// A gate other than `max_error_rate` failed.
    case gateFailed = 1
    /// An endpoint rejected a target's configuration (authentication, model not found, TLS
    /// trust): rerunning will not help.
    case configurationRejected = 2
    /// Only `max_error_rate` failed: the endpoint, not the model, is to blame.
    case tooManyErrors = 3
    /// Interrupted by SIGINT or SIGTERM.
    case interrupted = 130

    /// `configurationRejected` when an endpoint rejected a target's configuration (a case with
    /// error kind `configuration`), else `gateFailed` when any gate other than `max_error_rate`
    /// failed, else `tooManyErrors` when a `max_error_rate` gate failed, else `passed`.
    public static func of(suites: [SuiteReport]) -> RunVerdict {
        if hasConfigurationError(suites) { return .configurationRejected }
        let failed = suites.flatMap(\.gates).filter { !$0.passed }
        if failed.contains(where: { $0.gate != GateKind.maxErrorRate }) { return .gateFailed }
        if !failed.isEmpty { return .tooManyErrors }
        return .passed
    }

    /// Whether any case of any target, judged or baseline, ended in a configuration error.
    public static func hasConfigurationError(_ suites: [SuiteReport]) -> Bool {
        suites.contains { suite in
            suite.targets.contains { target in
                target.spool?.configurationError == true || target.cases.contains { $0.outcome == .error && $0.errorKind == .configuration }
            }
        }
    }
}
