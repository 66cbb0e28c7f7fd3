import Foundation
import XML

/// Small inline SVG charts: no script and no outside resource, readable at a glance.
enum SVGChart {
    /// Colours for series, distinguishable and printable.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                          "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// A stacked column chart: one column per category (in order), one colour per series.
    static func stackedColumns(id: String, title: String, categories: [String],
                               series: [String], value: (String, String) -> Int) -> String {
        let width = 760.0, height = 300.0
        let left = 48.0, right = 12.0, top = 28.0, bottom = 64.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let totals = categories.map { category in
            series.reduce(0) { $0 + value(category, $1) }
        }
        let maximum = niceMaximum(totals.max() ?? 0)
        let slot = plotWidth / Double(max(categories.count, 1))
        let barWidth = max(2, min(40, slot * 0.7))
        var out = open(id: id, title: title, width: width, height: height + legendHeight(series))
        out += axis(left: left, top: top, width: plotWidth, height: plotHeight, maximum: maximum)
        for (index, category) in categories.enumerated() {
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            var y = top + plotHeight
            for (seriesIndex, name) in series.enumerated() {
                let count = value(category, name)
                guard count > 0 else { continue }
                let h = plotHeight * Double(count) / Double(maximum)
                y -= h
                out += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barWidth))\" "
                    + "height=\"\(f(h))\" fill=\"\(colour(seriesIndex))\">"
                    + "<title>\(e(category)) \(e(name)): \(count)</title></rect>\n"
            }
            if categories.count <= 31 || index % max(1, categories.count / 15) == 0 {
                let cx = x + barWidth / 2, cy = top + plotHeight + 12
                out += "<text x=\"\(f(cx))\" y=\"\(f(cy))\" text-anchor=\"end\" "
                    + "transform=\"rotate(-45 \(f(cx)) \(f(cy)))\">\(e(category))</text>\n"
            }
        }
        out += legend(series, y: height + 4, x: left)
        return out + "</svg>\n"
    }

    /// A horizontal bar chart: one bar per label, with its count.
    static func bars(id: String, title: String, rows: [(label: String, count: Int)]) -> String {
        let rowHeight = 22.0, left = 260.0, width = 760.0, top = 28.0
        let height = top + rowHeight * Double(max(rows.count, 1)) + 8
        let maximum = Double(max(rows.map(\.count).max() ?? 0, 1))
        var out = open(id: id, title: title, width: width, height: height)
        for (index, row) in rows.enumerated() {
            let y = top + rowHeight * Double(index)
            let w = (width - left - 60) * Double(row.count) / maximum
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 15))\" text-anchor=\"end\">"
                + "\(e(row.label))</text>\n"
            out += "<rect x=\"\(f(left))\" y=\"\(f(y + 3))\" width=\"\(f(max(w, 1)))\" "
                + "height=\"\(f(rowHeight - 6))\" fill=\"\(colour(3))\">"
                + "<title>\(e(row.label)): \(row.count)</title></rect>\n"
            out += "<text x=\"\(f(left + max(w, 1) + 6))\" y=\"\(f(y + 15))\">\(row.count)</text>\n"
        }
        if rows.isEmpty {
            out += "<text x=\"\(f(left))\" y=\"\(f(top + 15))\">none</text>\n"
        }
        return out + "</svg>\n"
    }

    private static func open(id: String, title: String, width: Double, height: Double)
        -> String
    {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(e(id))\" class=\"chart\" role=\"img\" "
            + "aria-label=\"\(e(title))\" width=\"\(f(width))\" height=\"\(f(height))\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\">\n"
            + "<text x=\"0\" y=\"16\" font-weight=\"bold\">\(e(title))</text>\n"
    }

    private static func axis(left: Double, top: Double, width: Double, height: Double,
                             maximum: Int) -> String {
        var out = ""
        for step in 0...4 {
            let value = maximum * step / 4
            let y = top + height - height * Double(step) / 4
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + width))\" "
                + "y2=\"\(f(y))\" stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">"
                + "\(value)</text>\n"
        }
        return out
    }

    private static func legendHeight(_ series: [String]) -> Double {
        Double(series.count) * 18 + 8
    }

    private static func legend(_ series: [String], y: Double, x: Double) -> String {
        var out = ""
        for (index, name) in series.enumerated() {
            let lx = x, ly = y + Double(index) * 18
            out += "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"12\" height=\"12\" "
                + "fill=\"\(colour(index))\"/>"
                + "<text x=\"\(f(lx + 16))\" y=\"\(f(ly + 10))\">\(e(name))</text>\n"
        }
        return out
    }

    /// The axis maximum for `value`: four equal whole-number steps of 1, 2, 3 or 5 × 10ⁿ,
    /// the smallest that reaches `value`.
    static func niceMaximum(_ value: Int) -> Int {
        let needed = max(1, (value + 3) / 4)
        var magnitude = 1
        while true {
            for factor in [1, 2, 3, 5] where factor * magnitude >= needed {
                return 4 * factor * magnitude
            }
            magnitude *= 10
        }
    }

    private static func colour(_ index: Int) -> String { palette[index % palette.count] }
    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
    private static func e(_ text: String) -> String { XMLText.escape(text) }
}
