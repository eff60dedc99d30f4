import Foundation

extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration in seconds as messages write it: `5`, `0.2`, `86400`.
    public var secondsText: String {
        String(format: "%g", inSeconds)
    }
}
