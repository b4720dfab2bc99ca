package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// A minimal reader of the CPU profiles runtime/pprof writes (gzipped
// protobuf, [profile.proto]), enough to attribute CPU time to stacks and
// labels without a dependency or the pprof tool.
//
// [profile.proto]: https://github.com/google/pprof/blob/main/proto/profile.proto

// sample is one stack of a CPU profile and the CPU time it was seen on.
type sample struct {
	stack  []string          // function names, leaf first
	labels map[string]string // pprof labels of the goroutine
	cpu    time.Duration
}

// parseCPUProfile decodes a gzipped CPU profile into its samples.
func parseCPUProfile(data []byte) ([]sample, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("bench: profile: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("bench: profile: %w", err)
	}
	type rawSample struct {
		locs   []uint64
		values []int64
		labels [][2]int64 // key, str (string table indexes)
	}
	var (
		samples   []rawSample
		strs      []string
		locFuncs  = map[uint64][]uint64{} // location ID -> function IDs, leaf (inlined) first
		funcNames = map[uint64]int64{}    // function ID -> name index
		types     []int64                 // sample_type: type string indexes
	)
	err = fields(raw, func(num int, wire int, v uint64, b []byte) error {
		switch num {
		case 1: // sample_type: ValueType{type = 1, unit = 2}
			var typ int64
			fields(b, func(num, _ int, v uint64, _ []byte) error {
				if num == 1 {
					typ = int64(v)
				}
				return nil
			})
			types = append(types, typ)
		case 2: // Sample{location_id = 1, value = 2, label = 3}
			var s rawSample
			err := fields(b, func(num, wire int, v uint64, b []byte) error {
				switch num {
				case 1:
					return repeated(wire, v, b, func(x uint64) { s.locs = append(s.locs, x) })
				case 2:
					return repeated(wire, v, b, func(x uint64) { s.values = append(s.values, int64(x)) })
				case 3:
					var kv [2]int64
					fields(b, func(num, _ int, v uint64, _ []byte) error {
						if num == 1 || num == 2 {
							kv[num-1] = int64(v)
						}
						return nil
					})
					s.labels = append(s.labels, kv)
				}
				return nil
			})
			samples = append(samples, s)
			return err
		case 4: // Location{id = 1, line = 4 (Line{function_id = 1})}
			var id uint64
			var fns []uint64
			err := fields(b, func(num, _ int, v uint64, b []byte) error {
				switch num {
				case 1:
					id = v
				case 4:
					return fields(b, func(num, _ int, v uint64, _ []byte) error {
						if num == 1 {
							fns = append(fns, v)
						}
						return nil
					})
				}
				return nil
			})
			locFuncs[id] = fns
			return err
		case 5: // Function{id = 1, name = 2}
			var id uint64
			var name int64
			err := fields(b, func(num, _ int, v uint64, _ []byte) error {
				switch num {
				case 1:
					id = v
				case 2:
					name = int64(v)
				}
				return nil
			})
			funcNames[id] = name
			return err
		case 6: // string_table
			strs = append(strs, string(b))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	str := func(i int64) string {
		if i < 0 || int(i) >= len(strs) {
			return ""
		}
		return strs[i]
	}
	// A CPU profile's values are samples/count and cpu/nanoseconds.
	cpuIdx := -1
	for i, t := range types {
		if str(t) == "cpu" {
			cpuIdx = i
		}
	}
	if cpuIdx < 0 {
		return nil, errors.New("bench: profile has no cpu sample type")
	}
	out := make([]sample, 0, len(samples))
	for _, s := range samples {
		if cpuIdx >= len(s.values) {
			return nil, errors.New("bench: profile sample without a cpu value")
		}
		o := sample{cpu: time.Duration(s.values[cpuIdx])}
		for _, l := range s.locs {
			for _, f := range locFuncs[l] {
				o.stack = append(o.stack, str(funcNames[f]))
			}
		}
		if len(s.labels) > 0 {
			o.labels = map[string]string{}
			for _, kv := range s.labels {
				o.labels[str(kv[0])] = str(kv[1])
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// fields calls f for each field of the protobuf message b: its number, wire
// type, and its varint value (wire type 0) or bytes (wire type 2).
func fields(b []byte, f func(num, wire int, v uint64, b []byte) error) error {
	for len(b) > 0 {
		key, n := uvarint(b)
		if n <= 0 {
			return errors.New("bench: profile: bad field key")
		}
		b = b[n:]
		num, wire := int(key>>3), int(key&7)
		switch wire {
		case 0:
			v, n := uvarint(b)
			if n <= 0 {
				return errors.New("bench: profile: bad varint")
			}
			b = b[n:]
			if err := f(num, wire, v, nil); err != nil {
				return err
			}
		case 1:
			if len(b) < 8 {
				return errors.New("bench: profile: short fixed64")
			}
			b = b[8:]
		case 2:
			l, n := uvarint(b)
			if n <= 0 || uint64(len(b)-n) < l {
				return errors.New("bench: profile: bad length")
			}
			if err := f(num, wire, 0, b[n:n+int(l)]); err != nil {
				return err
			}
			b = b[n+int(l):]
		case 5:
			if len(b) < 4 {
				return errors.New("bench: profile: short fixed32")
			}
			b = b[4:]
		default:
			return fmt.Errorf("bench: profile: wire type %d", wire)
		}
	}
	return nil
}

// repeated handles a repeated varint field, packed (wire type 2) or not.
func repeated(wire int, v uint64, b []byte, add func(uint64)) error {
	if wire == 0 {
		add(v)
		return nil
	}
	for len(b) > 0 {
		x, n := uvarint(b)
		if n <= 0 {
			return errors.New("bench: profile: bad packed varint")
		}
		add(x)
		b = b[n:]
	}
	return nil
}

func uvarint(b []byte) (uint64, int) {
	var x uint64
	for i := 0; i < len(b) && i < 10; i++ {
		x |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return x, i + 1
		}
	}
	return 0, 0
}

// rsaKind says which RSA private-key work a stack is in: "keygen" for key
// generation, "private" for a decryption or signature (both run
// crypto/internal/fips140/rsa.decrypt), "" for anything else (public-key
// operations run rsa.encrypt and are not counted).
func rsaKind(stack []string) string {
	for _, fn := range stack {
		switch {
		case strings.HasPrefix(fn, "crypto/internal/fips140/rsa.GenerateKey"):
			return "keygen"
		case fn == "crypto/internal/fips140/rsa.decrypt":
			return "private"
		}
	}
	return ""
}

// cpuSplit is a profile's CPU time split by side and RSA work.
type cpuSplit struct {
	total, server, serverPrivate, serverKeygen, clientRSA time.Duration
}

// splitCPU attributes samples: goroutines labelled phase=<clientPhase> (and
// those they started) are the suite's client side, unlabelled ones the
// server's (its connection and key-pool goroutines), others are ignored.
func splitCPU(samples []sample, clientPhase string) cpuSplit {
	var s cpuSplit
	for _, x := range samples {
		s.total += x.cpu
		kind := rsaKind(x.stack)
		switch x.labels["phase"] {
		case "":
			s.server += x.cpu
			switch kind {
			case "private":
				s.serverPrivate += x.cpu
			case "keygen":
				s.serverKeygen += x.cpu
			}
		case clientPhase:
			if kind != "" {
				s.clientRSA += x.cpu
			}
		}
	}
	return s
}

// breakdown is where the CPU of the cycle measurements went.
type breakdown struct {
	total, decrypt, keygen, client, serverOther, runtime time.Duration
}

// cycleBreakdown attributes the samples of a cycle measurement, leaving out
// the bound's and the warm-ups' own goroutines (labelled phase=bound or
// phase=warmup): the client's are labelled phase=cycle, the reference's
// carry no label.
func cycleBreakdown(samples []sample) breakdown {
	var b breakdown
	for _, x := range samples {
		phase := x.labels["phase"]
		if phase == "bound" || phase == "warmup" {
			continue
		}
		b.total += x.cpu
		switch {
		case phase != "":
			b.client += x.cpu
		case rsaKind(x.stack) == "private":
			b.decrypt += x.cpu
		case rsaKind(x.stack) == "keygen":
			b.keygen += x.cpu
		case runtimeOnly(x.stack):
			b.runtime += x.cpu
		default:
			b.serverOther += x.cpu
		}
	}
	return b
}

// runtimeOnly reports whether every frame of the stack is the Go runtime's
// (garbage collection, scheduling), which no label can attribute.
func runtimeOnly(stack []string) bool {
	for _, fn := range stack {
		if !strings.HasPrefix(fn, "runtime.") && !strings.HasPrefix(fn, "runtime/") && !strings.HasPrefix(fn, "internal/runtime/") {
			return false
		}
	}
	return true
}
