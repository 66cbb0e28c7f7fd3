/// A small command-line parser: positional words, `--flag`, `--option value` and
/// `--option=value`. Unknown options are errors, so typos never pass silently.
struct Arguments {
    /// A wrong command line, with the message shown to the user.
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var positional: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `words` (without the program name) knowing which options take a value.
    init(_ words: [String], options valued: Set<String>, flags known: Set<String>) throws {
        var index = 0
        var onlyPositional = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositional || !word.hasPrefix("--") || word == "--" {
                if word == "--" && !onlyPositional { onlyPositional = true } else {
                    positional.append(word)
                }
                continue
            }
            let body = word.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inline = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            if valued.contains(name) {
                if let inline {
                    options[name] = inline
                } else if index < words.count {
                    options[name] = words[index]
                    index += 1
                } else {
                    throw UsageError(description: "option --\(name) needs a value")
                }
            } else if known.contains(name), inline == nil {
                flags.insert(name)
            } else {
                throw UsageError(description: "unknown option --\(name)")
            }
        }
    }

    /// The value of `--name`, if given.
    func value(_ name: String) -> String? { options[name] }

    /// True when `--name` was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of `--name` as a number, checked to be within `range`.
    func number(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = options[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(description: "--\(name) must be a whole number in "
                             + "\(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}
