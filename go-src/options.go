package core

import (
	"encoding/json"
	"strings"

	"gostream/go-src/internal/phpconv"
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
	return ok && phpconv.Bool(v)
}

// Int reads an option with PHP's integer conversion; absent gives def.
func (o Options) Int(wrapper, key string, def int64) int64 {
	v, ok := o.get(wrapper, key)
	if !ok {
		return def
	}
	return phpconv.Int(v)
}

// String reads a string option with PHP's string conversion; absent (or
// an array) gives "".
func (o Options) String(wrapper, key string) string {
	v, _ := o.get(wrapper, key)
	s, _ := phpconv.String(v)
	return s
}

// Section returns one wrapper's options ("ssl"), never nil.
func (o Options) Section(wrapper string) map[string]any {
	if m, ok := o[wrapper]; ok {
		return m
	}
	return map[string]any{}
}
