import Foundation

/// A number read from text, with its value and the way it was written.
public struct WrittenNumber: Sendable, Equatable {
    /// How a number was written, detailed enough to write another number the same way.
    public enum Form: Sendable, Equatable {
        case digits(DigitNumeral)
        case words(EnglishNumeral.Style)
        case roman(uppercase: Bool)
    }

    public var value: Decimal
    public var form: Form

    public init(value: Decimal, form: Form) {
        self.value = value
        self.form = form
    }
}
