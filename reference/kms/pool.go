package kms

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// Wrapping keys off the hot path (design.md): RSA key generation never runs
// inside a request unless the stock is empty. A background goroutine per
// wrapping key spec keeps a small stock of key pairs; one pair serves a
// bounded number of parameter sets or wall-clock minutes (PARAMS-003 does not
// require a fresh pair per call), and a retired pair is kept, by its ID, until
// the last token issued with it has expired on the service clock.

const (
	defaultWrappingKeyUses     = 256
	defaultWrappingKeyLifetime = 5 * time.Minute
	defaultWrappingKeyStock    = 2
)

var errPoolClosed = errors.New("kms: wrapping key pool closed")

// wrapKey is one wrapping key pair and its bookkeeping.
type wrapKey struct {
	id     string
	spec   wrapping.Spec
	priv   *rsa.PrivateKey
	pub    []byte // DER SubjectPublicKeyInfo
	pubSum [32]byte

	// Guarded by pool.mu.
	since       time.Time // wall time it began serving
	uses        int
	lastValidTo time.Time // service clock: ValidTo of the last token issued with it
}

type pool struct {
	gen   func(wrapping.Spec) (*rsa.PrivateKey, error)
	rand  io.Reader
	uses  int
	life  time.Duration
	stock int
	done  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once

	mu     sync.Mutex
	stocks map[wrapping.Spec]chan *wrapKey
	active map[wrapping.Spec]*wrapKey
	byID   map[string]*wrapKey
}

func newPool(gen func(wrapping.Spec) (*rsa.PrivateKey, error), r io.Reader, uses int, life time.Duration, stock int) *pool {
	if uses <= 0 {
		uses = defaultWrappingKeyUses
	}
	if life <= 0 {
		life = defaultWrappingKeyLifetime
	}
	if stock <= 0 {
		stock = defaultWrappingKeyStock
	}
	return &pool{
		gen: gen, rand: r, uses: uses, life: life, stock: stock,
		done:   make(chan struct{}),
		stocks: map[wrapping.Spec]chan *wrapKey{},
		active: map[wrapping.Spec]*wrapKey{},
		byID:   map[string]*wrapKey{},
	}
}

// stockFor returns the stock of spec, starting its generator on first demand.
func (p *pool) stockFor(spec wrapping.Spec) chan *wrapKey {
	p.mu.Lock()
	defer p.mu.Unlock()
	ch, ok := p.stocks[spec]
	if !ok {
		ch = make(chan *wrapKey, p.stock)
		p.stocks[spec] = ch
		select {
		case <-p.done:
		default:
			p.wg.Add(1)
			go p.fill(spec, ch)
		}
	}
	return ch
}

// fill generates key pairs for spec until the pool closes; a send blocks
// while the stock is full.
func (p *pool) fill(spec wrapping.Spec, ch chan<- *wrapKey) {
	defer p.wg.Done()
	for {
		select {
		case <-p.done:
			return
		default:
		}
		wk, err := p.make(spec)
		if err != nil {
			// Generation does not fail with a working random source; back off
			// rather than spin, and let waiting requests time out on their ctx.
			select {
			case <-p.done:
				return
			case <-time.After(time.Second):
			}
			continue
		}
		select {
		case ch <- wk:
		case <-p.done:
			return
		}
	}
}

func (p *pool) make(spec wrapping.Spec) (*wrapKey, error) {
	priv, err := p.gen(spec)
	if err != nil {
		return nil, fmt.Errorf("kms: generating a %s wrapping key: %w", spec, err)
	}
	pub, err := wrapping.MarshalPublicKey(&priv.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("kms: encoding a %s wrapping key: %w", spec, err)
	}
	var id [16]byte
	if _, err := io.ReadFull(p.rand, id[:]); err != nil {
		return nil, fmt.Errorf("kms: reading a wrapping key ID: %w", err)
	}
	return &wrapKey{id: hex.EncodeToString(id[:]), spec: spec, priv: priv, pub: pub, pubSum: sha256.Sum256(pub)}, nil
}

// acquire returns the key pair that serves a new parameter set of spec whose
// token is valid until validTo; it waits on the stock (bounded by ctx) only
// when the serving pair is used up and no spare is ready.
func (p *pool) acquire(ctx context.Context, spec wrapping.Spec, now, validTo time.Time) (*wrapKey, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ch := p.stockFor(spec)
	p.mu.Lock()
	if a := p.active[spec]; a != nil && a.uses < p.uses && time.Since(a.since) < p.life {
		a.uses++
		if validTo.After(a.lastValidTo) {
			a.lastValidTo = validTo
		}
		p.mu.Unlock()
		return a, nil
	}
	p.mu.Unlock()
	var wk *wrapKey
	select {
	case wk = <-ch:
	case <-ctx.Done():
		return nil, fmt.Errorf("kms: waiting for a %s wrapping key: %w", spec, ctx.Err())
	case <-p.done:
		return nil, errPoolClosed
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	wk.since, wk.uses, wk.lastValidTo = time.Now(), 1, validTo
	p.active[spec] = wk // the previous pair retires but stays in byID for its tokens
	p.byID[wk.id] = wk
	p.prune(now)
	return wk, nil
}

// lookup returns the key pair a token names, if it may still unwrap.
func (p *pool) lookup(id string, now time.Time) *wrapKey {
	p.mu.Lock()
	defer p.mu.Unlock()
	wk := p.byID[id]
	if wk == nil || (p.active[wk.spec] != wk && now.After(wk.lastValidTo)) {
		return nil
	}
	return wk
}

// prune forgets retired key pairs whose tokens have all expired. The caller holds p.mu.
func (p *pool) prune(now time.Time) {
	for id, wk := range p.byID {
		if p.active[wk.spec] != wk && now.After(wk.lastValidTo) {
			delete(p.byID, id)
		}
	}
}

func (p *pool) close() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}
