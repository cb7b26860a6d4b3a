package importers

import (
	"bytes"
	"io"
)

// csvReader reads CSV as encoding/csv reads it with its defaults but for
// the separator (fields separated by commas, or by comma if it is set,
// optionally in double quotes with "" for a quote,
// \r\n read as \n, empty lines skipped, a stray quote an error), from data
// in memory. Unlike encoding/csv, which copies a whole line, then a whole
// record, then builds every field and the slices indexing them before its
// caller can count them, it copies only the fields its caller keeps, each
// only up to a limit, and stops at a row's column limit: its memory is what
// the caller keeps.
type csvReader struct {
	data  []byte // not yet read
	comma byte   // the separator: ',' if 0; ';' or '\t' in some spreadsheets' exports
	long  bool   // a kept field over its limit reads as longField, not as an error
	line  int    // lines read so far
	buf   []byte // a kept quoted field, unescaped
}

// longField stands for a field over its limit when the reader's long is
// set. No field holds it: the spreadsheet parser refuses NUL bytes.
const longField = "\x00"

// sep returns the separator.
func (r *csvReader) sep() byte {
	if r.comma == 0 {
		return ','
	}
	return r.comma
}

// csvSyntaxError is CSV that encoding/csv would refuse too.
type csvSyntaxError struct{ line int }

func (e *csvSyntaxError) Error() string { return "CSV syntax error" }

// csvLimitError is a row of more than maxColumns columns (col is
// maxColumns), or a kept field longer than its limit.
type csvLimitError struct{ line, col int }

func (e *csvLimitError) Error() string { return "CSV row over a limit" }

// nextLine returns the next line without its line end, and false at the
// end of data. Like encoding/csv, it drops the \r of \r\n, and a \r that
// ends the data.
func (r *csvReader) nextLine() (line []byte, nl, ok bool) {
	if len(r.data) == 0 {
		return nil, false, false
	}
	r.line++
	i := bytes.IndexByte(r.data, '\n')
	if i < 0 {
		line, r.data = r.data, nil
		return bytes.TrimSuffix(line, []byte("\r")), false, true
	}
	line, r.data = r.data[:i], r.data[i+1:]
	return bytes.TrimSuffix(line, []byte("\r")), true, true
}

// read reads the next record into dst and returns it, one string per
// column. Column i is kept if limits[i] (or rest, for i past the end of
// limits) is above 0, and must then be at most that many bytes long; other
// columns are read and left empty. It returns io.EOF
// after the last record, a *csvSyntaxError for malformed CSV, and a
// *csvLimitError for a row of more than maxColumns columns or a kept field
// over its limit (which reads as longField instead if r.long is set).
func (r *csvReader) read(dst []string, limits []int, rest int) ([]string, error) {
	dst = dst[:0]
	var line []byte
	var nl, ok bool
	for {
		if line, nl, ok = r.nextLine(); !ok {
			return dst, io.EOF
		}
		if len(line) > 0 {
			break
		}
	}
	start := r.line
	for col := 0; ; col++ {
		if col == maxColumns {
			return dst, &csvLimitError{line: start, col: col}
		}
		limit := rest
		if col < len(limits) {
			limit = limits[col]
		}
		if len(line) == 0 || line[0] != '"' {
			field := line
			i := bytes.IndexByte(line, r.sep())
			if i >= 0 {
				field, line = line[:i], line[i+1:]
			}
			if bytes.IndexByte(field, '"') >= 0 {
				return dst, &csvSyntaxError{line: r.line}
			}
			switch {
			case len(field) > limit && limit > 0 && r.long:
				dst = append(dst, longField)
			case len(field) > limit && limit > 0:
				return dst, &csvLimitError{line: start, col: col}
			default:
				dst = append(dst, keep(field, limit))
			}
			if i < 0 {
				return dst, nil
			}
			continue
		}
		// A quoted field, perhaps over several lines.
		line = line[1:]
		r.buf = r.buf[:0]
		over := false // the field is over its limit and r.long is set
		add := func(b []byte, nl bool) bool {
			if over || r.add(b, nl, limit) {
				return true
			}
			over = r.long
			return over
		}
		for {
			i := bytes.IndexByte(line, '"')
			if i < 0 {
				if !add(line, nl) {
					return dst, &csvLimitError{line: start, col: col}
				}
				// The data ends inside quotes. A last line that is only the
				// \r that nextLine drops is no line to encoding/csv, which
				// then names the line before it.
				last := r.line
				if line, nl, ok = r.nextLine(); !ok || (len(line) == 0 && !nl) {
					return dst, &csvSyntaxError{line: last}
				}
				continue
			}
			if !add(line[:i], false) {
				return dst, &csvLimitError{line: start, col: col}
			}
			line = line[i+1:]
			if len(line) == 0 || line[0] == r.sep() {
				break
			}
			if line[0] != '"' {
				return dst, &csvSyntaxError{line: r.line}
			}
			if !add(line[:1], false) { // "" is one quote
				return dst, &csvLimitError{line: start, col: col}
			}
			line = line[1:]
		}
		if over {
			dst = append(dst, longField)
		} else {
			dst = append(dst, keep(r.buf, limit))
		}
		if len(line) == 0 {
			return dst, nil
		}
		line = line[1:] // the separator
	}
}

// add appends b, and a line end if nl, to the quoted field being kept, if
// limit asks to keep it, and reports false if the field would be longer
// than limit.
func (r *csvReader) add(b []byte, nl bool, limit int) bool {
	if limit <= 0 {
		return true
	}
	n := len(b)
	if nl {
		n++
	}
	if len(r.buf)+n > limit {
		return false
	}
	r.buf = append(r.buf, b...)
	if nl {
		r.buf = append(r.buf, '\n')
	}
	return true
}

// keep returns field as a string if limit asks for it, else "".
func keep(field []byte, limit int) string {
	if limit <= 0 {
		return ""
	}
	return string(field)
}
