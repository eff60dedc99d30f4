import EvalKit

/// The exit codes of `evals` (SPEC §2): a run's verdict (`RunVerdict`, whose raw value results.json
/// records as `exit_code`), or a usage error of the command line.
public enum ExitCode {
    /// Every gate holds.
    public static let success = RunVerdict.passed.rawValue
    /// A gate other than `max_error_rate` failed.
    public static let gateFailed = RunVerdict.gateFailed.rawValue
    /// A usage error or an invalid input (nothing was sent), or an endpoint that rejected a
    /// target's configuration (authentication, model not found, TLS trust): rerunning will not help.
    public static let usage = RunVerdict.configurationRejected.rawValue
    /// Only `max_error_rate` failed: the endpoint, not the model, is to blame.
    public static let tooManyErrors = RunVerdict.tooManyErrors.rawValue
    /// Interrupted by SIGINT or SIGTERM.
    public static let interrupted = RunVerdict.interrupted.rawValue
}
