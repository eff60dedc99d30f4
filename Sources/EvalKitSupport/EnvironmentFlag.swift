/// How evals reads an on/off environment variable such as `CI` or `EVALS_RECORD`.
public enum EnvironmentFlag {
    /// On when set to anything but empty, `0` or `false` (any case).
    public static func isOn(_ value: String?) -> Bool {
        guard let value else { return false }
        let lowered = value.lowercased()
        return !(lowered.isEmpty || lowered == "0" || lowered == "false")
    }

    /// CI mode as the environment decides it: `CI` is on.
    public static func ciMode(_ environment: [String: String]) -> Bool {
        isOn(environment["CI"])
    }
}
