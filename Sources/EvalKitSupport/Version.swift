/// The version of evals, shown by `--version` and recorded in every report.
public enum EvalsVersion {
    public static let current = "0.1.0"
}
