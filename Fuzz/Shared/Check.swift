// Compiled into every fuzz target by `scripts/fuzz.sh`.

/// Stops the run with `message` when `condition` is false.
///
/// Used instead of `precondition`, whose message an optimised build drops: the message is what
/// tells which contract an input broke.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        fatalError(message())
    }
}
