package server

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"

	"github.com/kmsconform/kmsconform/reference/kms"
)

// operation is one AWS operation found on the service by reflection.
type operation struct {
	name   string
	method reflect.Value // bound to the service value
	in     reflect.Type  // the input struct type (not the pointer)
	plan   *plan
}

var (
	contextType = reflect.TypeFor[context.Context]()
	callerType  = reflect.TypeFor[kms.Caller]()
	errorType   = reflect.TypeFor[error]()
)

// operationsOf returns the AWS operations of svc: every exported method of the
// form (context.Context, kms.Caller, *In) (*Out, error), named as the operation
// (reference/kms/api.go). Other methods are not reachable over HTTP.
func operationsOf(svc any) (map[string]*operation, error) {
	v := reflect.ValueOf(svc)
	if !v.IsValid() {
		return nil, errors.New("server: no service")
	}
	t := v.Type()
	ops := make(map[string]*operation)
	for i := range t.NumMethod() {
		mt := t.Method(i)
		fn := v.Method(i)
		ft := fn.Type()
		if ft.NumIn() != 3 || ft.NumOut() != 2 ||
			ft.In(0) != contextType || ft.In(1) != callerType ||
			!isStructPtr(ft.In(2)) || !isStructPtr(ft.Out(0)) || ft.Out(1) != errorType {
			continue
		}
		p, err := planFor(ft.In(2).Elem())
		if err != nil {
			return nil, fmt.Errorf("server: operation %s: %w", mt.Name, err)
		}
		ops[mt.Name] = &operation{name: mt.Name, method: fn, in: ft.In(2).Elem(), plan: p}
	}
	if len(ops) == 0 {
		return nil, fmt.Errorf("server: %s has no operation methods", t)
	}
	return ops, nil
}

func isStructPtr(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct
}

// panicError is an operation that panicked; it becomes KMSInternalException.
type panicError struct {
	op    string
	value string // the panic value's type, never its text (it may hold request data)
	stack string // function names and lines only, no arguments
}

func (e *panicError) Error() string {
	return "server: operation " + e.op + " panicked with a " + e.value
}

// call runs the operation and turns a panic into a *panicError, so that one bad
// request never takes the process down.
func (op *operation) call(ctx context.Context, c kms.Caller, in reflect.Value) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, &panicError{op: op.name, value: fmt.Sprintf("%T", r), stack: stackFrames()}
		}
	}()
	res := op.method.Call([]reflect.Value{reflect.ValueOf(ctx), reflect.ValueOf(c), in})
	if e := res[1]; !e.IsNil() {
		// A nil *kms.Error inside a non-nil error interface is an operation bug;
		// answering it as an internal error keeps the connection and shows the bug.
		if v := e.Elem(); v.Kind() == reflect.Pointer && v.IsNil() {
			return nil, &panicError{op: op.name, value: "typed nil " + v.Type().String() + " error", stack: stackFrames()}
		}
		return nil, e.Interface().(error)
	}
	return res[0].Interface(), nil
}

// stackFrames lists the panicking goroutine's frames as "func file:line" lines.
// debug.Stack would also print argument words, which can carry request bytes.
func stackFrames() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var b strings.Builder
	for {
		f, more := frames.Next()
		fmt.Fprintf(&b, "%s %s:%d\n", f.Function, f.File, f.Line)
		if !more {
			break
		}
	}
	return b.String()
}
