module confidant

go 1.26.8

require (
	filippo.io/age v1.3.2
	go.etcd.io/bbolt v1.5.0
	golang.org/x/crypto v0.55.0
)

require (
	filippo.io/hpke v0.4.0 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/term v0.48.0 // indirect
)
