import EvalKitResults
import EvalKitSupport
import EvalKitSuite

extension TargetFingerprint {
    /// The target as its cases see it: its system, template and settings, else the suite's `defaults`.
    public init(_ target: Suite.ResolvedTarget, defaults: Suite.Defaults) {
        let redact = Redactor(target.secrets)
        let parts: [String: String] = [
            "provider": target.config.name,
            "model": target.config.model ?? "",
            "provider fields": Self.requestDescription(target),
            "system": target.system ?? defaults.system ?? "\u{0}none",
            "template": (target.template ?? defaults.template)?.text ?? "\u{0}none",
            "settings": ResponseCache.settingsText(defaults.settings.overlaid(by: target.settings)),
        ]
        self.init(fields: parts.mapValues { SHA256.hex(redact($0)) })
    }

    /// What a cache key says of the target: its provider and every field of it, redacted, the
    /// same in every process (a dictionary's order is not, so the command's `env` is sorted).
    static func requestDescription(_ target: Suite.ResolvedTarget) -> String {
        var text = String(describing: target.config)
        if case .command(let command) = target.config {
            let env = command.env.keys.sorted().map { "\($0)=\(command.env[$0] ?? "")" }
            text = "command(run: \(command.run), env: \(env), cwd: \(command.cwd ?? "-"))"
        }
        return Redactor(target.secrets)(text)
    }
}
