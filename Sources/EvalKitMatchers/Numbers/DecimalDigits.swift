import Foundation

/// Arithmetic on non-negative integers written as strings of ASCII digits, so any length stays exact.
enum DecimalDigits {
    static func trimmed(_ digits: String) -> String {
        let stripped = digits.drop { $0 == "0" }
        return stripped.isEmpty ? "0" : String(stripped)
    }

    static func compare(_ a: String, _ b: String) -> ComparisonResult {
        let a = trimmed(a), b = trimmed(b)
        if a.count != b.count { return a.count < b.count ? .orderedAscending : .orderedDescending }
        if a == b { return .orderedSame }
        return a < b ? .orderedAscending : .orderedDescending
    }

    static func add(_ a: String, _ b: String) -> String {
        let x = a.utf8.reversed().map { Int($0) - 48 }, y = b.utf8.reversed().map { Int($0) - 48 }
        var digits: [Int] = []
        var carry = 0
        for index in 0..<max(x.count, y.count) {
            let sum = (index < x.count ? x[index] : 0) + (index < y.count ? y[index] : 0) + carry
            digits.append(sum % 10)
            carry = sum / 10
        }
        if carry > 0 { digits.append(carry) }
        return trimmed(String(digits.reversed().map { Character(String($0)) }))
    }

    /// `a - b` for `a >= b`.
    static func subtract(_ a: String, _ b: String) -> String {
        let x = a.utf8.reversed().map { Int($0) - 48 }, y = b.utf8.reversed().map { Int($0) - 48 }
        var digits: [Int] = []
        var borrow = 0
        for index in 0..<x.count {
            var difference = x[index] - (index < y.count ? y[index] : 0) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 10 }
            digits.append(difference)
        }
        return trimmed(String(digits.reversed().map { Character(String($0)) }))
    }
}
