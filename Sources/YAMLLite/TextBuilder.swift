/// Text built scalar by scalar as UTF-8 bytes and made into a `String` once.
///
/// `String.UnicodeScalarView.append(contentsOf:)` copies the text built so far on every call, so
/// building a scalar of many lines with it takes time quadratic in its length; this takes linear time.
struct TextBuilder {
    private var utf8: [UInt8] = []

    mutating func append(_ scalar: Unicode.Scalar) {
        if scalar.isASCII {
            utf8.append(UInt8(truncatingIfNeeded: scalar.value))
        } else {
            utf8.append(contentsOf: scalar.utf8)
        }
    }

    mutating func append(contentsOf scalars: some Sequence<Unicode.Scalar>) {
        for scalar in scalars { append(scalar) }
    }

    /// Appends `count` copies of an ASCII scalar.
    mutating func append(ascii scalar: Unicode.Scalar, count: Int) {
        precondition(scalar.isASCII)
        utf8.append(contentsOf: repeatElement(UInt8(truncatingIfNeeded: scalar.value), count: count))
    }

    /// Removes the last `count` scalars, which must all be ASCII.
    mutating func removeLastASCII(_ count: Int) {
        utf8.removeLast(count)
    }

    var string: String { String(decoding: utf8, as: UTF8.self) }
}
