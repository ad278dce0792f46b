package core

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Options are a PHP stream context's options, as json_encode() writes
// them: {"socket": {...}, "ssl": {...}}. Values keep PHP's loose typing and
// are converted the way PHP converts them.
type Options map[string]map[string]any

// ParseOptions decodes the JSON form; empty input means no options. PHP
// encodes an empty array as [], so lists are accepted where maps are empty.
func ParseOptions(js []byte) (Options, error) {
	opts := Options{}
	if len(strings.TrimSpace(string(js))) == 0 {
		return opts, nil
	}
	var raw any
	if err := json.Unmarshal(js, &raw); err != nil {
		return nil, errorf("parse options", CodeArg, "gostream: context options are not valid JSON: %v", err)
	}
	top, ok := asMap(raw)
	if !ok {
		return nil, errorf("parse options", CodeArg, "gostream: context options must be a JSON object")
	}
	for wrapper, v := range top {
		m, ok := asMap(v)
		if !ok {
			return nil, errorf("parse options", CodeArg, "gostream: context options for %q must be an object", wrapper)
		}
		opts[wrapper] = m
	}
	return opts, nil
}

func asMap(v any) (map[string]any, bool) {
	switch t := v.(type) {
	case map[string]any:
		return t, true
	case []any:
		return map[string]any{}, len(t) == 0
	case nil:
		return map[string]any{}, true
	}
	return nil, false
}

// get returns an option that is present and not null (PHP's test for
// "set", e.g. for ipv6_v6only).
func (o Options) get(wrapper, key string) (any, bool) {
	v, ok := o[wrapper][key]
	return v, ok && v != nil
}

// Bool reads an option with PHP truthiness; absent is false.
func (o Options) Bool(wrapper, key string) bool {
	v, ok := o.get(wrapper, key)
	return ok && phpBool(v)
}

// Int reads an option with PHP's integer conversion; absent gives def.
func (o Options) Int(wrapper, key string, def int64) int64 {
	v, ok := o.get(wrapper, key)
	if !ok {
		return def
	}
	return phpInt(v)
}

// String reads a string option; absent gives "".
func (o Options) String(wrapper, key string) string {
	v, ok := o.get(wrapper, key)
	if !ok {
		return ""
	}
	switch t := v.(type) {
	case string:
		return t
	case bool:
		if t {
			return "1"
		}
		return ""
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	}
	return ""
}

// Section returns one wrapper's options ("ssl"), never nil.
func (o Options) Section(wrapper string) map[string]any {
	if m, ok := o[wrapper]; ok {
		return m
	}
	return map[string]any{}
}

func phpBool(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case float64:
		return t != 0
	case string:
		return t != "" && t != "0"
	case []any:
		return len(t) > 0
	case map[string]any:
		return len(t) > 0
	}
	return false
}

// phpInt converts like PHP's (int): "7abc" is 7, "abc" is 0, 3.9 is 3.
func phpInt(v any) int64 {
	switch t := v.(type) {
	case bool:
		if t {
			return 1
		}
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return 0
		}
		return int64(t)
	case string:
		s := strings.TrimLeft(t, " \t\n\r\v\f")
		end := 0
		if end < len(s) && (s[end] == '-' || s[end] == '+') {
			end++
		}
		for end < len(s) && s[end] >= '0' && s[end] <= '9' {
			end++
		}
		n, err := strconv.ParseInt(s[:end], 10, 64)
		if err != nil {
			if f, ferr := strconv.ParseFloat(s[:end], 64); ferr == nil {
				return int64(f)
			}
			return 0
		}
		return n
	}
	return 0
}
