package server

import (
	"errors"
	"math"
	"net/http"
	"time"

	"github.com/kmsconform/kmsconform/reference/kms"
)

// The test hooks (design.md "Time") are a non-AWS surface that exists only when
// the server runs with the test clock. They take no SigV4: they are meant for a
// loopback test harness, and with the test clock on, anyone who can reach the
// port can move time anyway. Bodies are plain JSON.
//
//	GET  /_kmsconform/clock  -> {"Now": <epoch seconds>}
//	POST /_kmsconform/clock  {"Advance": <seconds > 0>} -> {"Now": <epoch seconds>}
//	POST /_kmsconform/hold   {"Region": "...", "KeyId": "...", "State": "Creating"|"Updating"|""} -> {}

type clockResponse struct {
	Now kms.Time `json:"Now"`
}

type advanceRequest struct {
	Advance *float64 `json:"Advance"`
}

type holdRequest struct {
	Region string `json:"Region"`
	KeyID  string `json:"KeyId"`
	State  string `json:"State"`
}

// maxAdvance bounds one Advance call, so that the duration cannot overflow.
const maxAdvance = 100 * 365 * 24 * time.Hour

func (h *handler) serveHook(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case hookPrefix + "clock":
		switch r.Method {
		case http.MethodGet:
			_ = writeJSON(w, clockResponse{Now: kms.Time{Time: h.hooks.Now()}})
		case http.MethodPost:
			var req advanceRequest
			if !h.readHookBody(w, r, &req) {
				return
			}
			if req.Advance == nil || !(*req.Advance > 0) || math.IsInf(*req.Advance, 0) ||
				*req.Advance > maxAdvance.Seconds() {
				writeError(w, http.StatusBadRequest, kms.Errorf(kms.CodeValidation,
					"Advance must be a number of seconds greater than 0 and at most %d.", int64(maxAdvance.Seconds())))
				return
			}
			d := time.Duration(*req.Advance * float64(time.Second))
			now, err := h.hooks.Advance(d)
			if err != nil {
				h.writeHookError(w, err)
				return
			}
			_ = writeJSON(w, clockResponse{Now: kms.Time{Time: now}})
		default:
			hookMethodNotAllowed(w, r, "GET, POST")
		}
	case hookPrefix + "hold":
		if r.Method != http.MethodPost {
			hookMethodNotAllowed(w, r, "POST")
			return
		}
		var req holdRequest
		if !h.readHookBody(w, r, &req) {
			return
		}
		if req.KeyID == "" {
			writeError(w, http.StatusBadRequest, kms.Errorf(kms.CodeValidation, "KeyId is required."))
			return
		}
		switch req.State {
		case "Creating", "Updating", "":
		default:
			writeError(w, http.StatusBadRequest, kms.Errorf(kms.CodeValidation, "State must be Creating, Updating or empty (release)."))
			return
		}
		region := req.Region
		if region == "" {
			region = h.caller.Region
		}
		if err := h.hooks.Hold(region, req.KeyID, req.State); err != nil {
			h.writeHookError(w, err)
			return
		}
		_ = writeJSON(w, struct{}{})
	default:
		writeError(w, http.StatusNotFound, kms.Errorf(kms.CodeUnknownOperation, "No test hook at %s.", sanitize(r.URL.Path)))
	}
}

func hookMethodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, http.StatusMethodNotAllowed, kms.Errorf(kms.CodeUnknownOperation, "Method %s is not allowed here.", sanitize(r.Method)))
}

// readHookBody decodes a hook's JSON object body; it answers the error itself
// and returns false when the body is unusable.
func (h *handler) readHookBody(w http.ResponseWriter, r *http.Request, v any) bool {
	body, kerr, status := h.readBody(w, r)
	if kerr != nil {
		writeError(w, status, kerr)
		return false
	}
	if kerr := decodeInto(v, body); kerr != nil {
		writeError(w, kerr.Status(), kerr)
		return false
	}
	return true
}

// writeHookError answers a hook's failure: a *kms.Error as it is (an unknown key
// is NotFoundException), anything else as a client error with its message.
func (h *handler) writeHookError(w http.ResponseWriter, err error) {
	var kerr *kms.Error
	if errors.As(err, &kerr) {
		writeError(w, kerr.Status(), kerr)
		return
	}
	writeError(w, http.StatusBadRequest, kms.Errorf(kms.CodeValidation, "%s", err.Error()))
}
