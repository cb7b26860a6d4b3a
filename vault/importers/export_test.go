package importers

import "io"

// ReadCSV reads every record of data as [ParseKeePassXC] and
// [ParseSpreadsheet] do, fields separated by comma, keeping every column,
// for a test to compare with encoding/csv. For malformed CSV
// it returns the records before it and the line that encoding/csv would
// name; for a row over a limit, limit is true.
func ReadCSV(data []byte, comma byte) (records [][]string, line int, limit bool) {
	r := csvReader{data: data, comma: comma}
	for {
		rec, err := r.read(nil, nil, maxValue)
		switch e := err.(type) {
		case nil:
			records = append(records, rec)
			continue
		case *csvSyntaxError:
			return records, e.line, false
		case *csvLimitError:
			return records, 0, true
		}
		if err == io.EOF {
			return records, 0, false
		}
		panic(err)
	}
}
