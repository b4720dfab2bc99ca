package wrapping

// maxMaterial is the longest material the round-trip tests wrap with alg under
// a key of spec: one OAEP block for RSAES_OAEP_*, and for RSA_AES_KEY_WRAP_*
// more than the largest KMS material (an RSA_4096 PKCS#8 key, about 2.4 KB).
func maxMaterial(s Spec, alg Algorithm) int {
	h, keyWrap, err := params(alg)
	if err != nil {
		panic(err)
	}
	if keyWrap {
		return 4096
	}
	return maxOAEP(s.Bits()/8, h)
}
