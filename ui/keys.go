package ui

import "charm.land/bubbles/v2/key"

// KeyMap holds every key binding of the interface. Screens match keys with
// key.Matches against it, and draw their help from it.
type KeyMap struct {
	// Everywhere.
	Quit      key.Binding // ctrl+c, always
	QuitQ     key.Binding // q, where nothing is being typed
	Help      key.Binding
	Privacy   key.Binding
	Lock      key.Binding
	Back      key.Binding
	Submit    key.Binding
	NextInput key.Binding
	PrevInput key.Binding
	// While text is typed, j and k are letters: these move by the arrows
	// (and, in a filter, ctrl+n and ctrl+p) only.
	NextStop  key.Binding // tab
	PrevStop  key.Binding // shift+tab
	ArrowUp   key.Binding
	ArrowDown key.Binding
	TypedUp   key.Binding // a filter's list, while the filter is typed
	TypedDown key.Binding
	// EnterTyped is an enter typed before the interface took the terminal
	// as well: the terminal driver had turned its CR into an LF (ctrl+j).
	EnterTyped key.Binding
	Yes        key.Binding
	No         key.Binding

	// Lists.
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding

	// Main screen.
	Filter      key.Binding
	ClearFilter key.Binding
	Open        key.Binding
	Close       key.Binding
	Reveal      key.Binding
	Copy        key.Binding
	Large       key.Binding // a field in large type, numbered
	QR          key.Binding // a field as a QR code, for a phone's camera
	SecureNotes key.Binding // the notes' "Door code: 4471" lines into masked fields
	Related     key.Binding // the dossiers a dossier names, and those naming it
	Merge       key.Binding // fold a second dossier of one person into this one
	New         key.Binding
	NewLike     key.Binding // a new dossier like the one selected
	Edit        key.Binding
	Delete      key.Binding
	Undo        key.Binding
	Sort        key.Binding
	Trash       key.Binding
	History     key.Binding
	Upcoming    key.Binding
	Log         key.Binding
	Attachments key.Binding
	Reviewed    key.Binding
	Within      key.Binding // Upcoming: every date of the next months, too
	Backup      key.Binding
	Handoff     key.Binding
	Import      key.Binding
	Contacts    key.Binding
	Passwd      key.Binding
	Tags        key.Binding

	// The first-run screen.
	FromBackup key.Binding

	// Screens reached from the main one.
	Restore    key.Binding
	EmptyTrash key.Binding
	Revert     key.Binding
	ByDossier  key.Binding
	Add        key.Binding
	SaveOut    key.Binding
	View       key.Binding // an attachment: a text here, any other in the desktop's viewer
	ViewOut    key.Binding // an attachment in the desktop's viewer
	Detach     key.Binding
	Rename     key.Binding // a tag, everywhere

	// Backup, handoff and import.
	Toggle  key.Binding // a choice, a contact, a dossier
	MarkAll key.Binding // every dossier shown
	Policy  key.Binding // what an import does with a matching dossier
	Write   key.Binding // write the file / go on from anywhere in a form

	// The edit form.
	Save         key.Binding
	AddField     key.Binding
	EditLabel    key.Binding
	AddDate      key.Binding
	RemoveRow    key.Binding
	Generate     key.Binding // a new random password
	MoveUp       key.Binding
	MoveDown     key.Binding
	CycleType    key.Binding
	ToggleSecret key.Binding
}

// DefaultKeyMap returns the bindings the interface ships with: vim-style
// keys and arrows both work.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Quit:       key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		QuitQ:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Privacy:    key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "hide screen")),
		Lock:       key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "lock")),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Submit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		NextInput:  key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next")),
		PrevInput:  key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous")),
		NextStop:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next")),
		PrevStop:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		ArrowUp:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
		ArrowDown:  key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
		TypedUp:    key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "up")),
		TypedDown:  key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "down")),
		EnterTyped: key.NewBinding(key.WithKeys("enter", "ctrl+j"), key.WithHelp("enter", "confirm")),
		Yes:        key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:         key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "no")),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last")),

		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "find")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear find")),
		Open:        key.NewBinding(key.WithKeys("enter", "l", "right", "tab"), key.WithHelp("enter", "fields")),
		Close:       key.NewBinding(key.WithKeys("esc", "h", "left", "shift+tab"), key.WithHelp("esc", "list")),
		Reveal:      key.NewBinding(key.WithKeys("r", "space"), key.WithHelp("r", "reveal")),
		Copy:        key.NewBinding(key.WithKeys("y", "c"), key.WithHelp("y", "copy")),
		Large:       key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "large type")),
		QR:          key.NewBinding(key.WithKeys("Q"), key.WithHelp("Q", "QR code")),
		SecureNotes: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "mask notes' secrets")),
		Related:     key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "related")),
		Merge:       key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "merge")),
		New:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		NewLike:     key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "copy as new")),
		Edit:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Delete:      key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "delete")),
		Undo:        key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo delete")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Trash:       key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "trash")),
		History:     key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "history")),
		Upcoming:    key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "upcoming")),
		Log:         key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "access log")),
		Attachments: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "attachments")),
		Reviewed:    key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mark reviewed")),
		Within:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "next 6 months")),
		Backup:      key.NewBinding(key.WithKeys("B"), key.WithHelp("B", "backup")),
		Handoff:     key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "hand over")),
		Import:      key.NewBinding(key.WithKeys("I"), key.WithHelp("I", "import")),
		Contacts:    key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "address book")),
		Passwd:      key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "passphrase")),
		Tags:        key.NewBinding(key.WithKeys("#"), key.WithHelp("#", "tags")),
		FromBackup:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "restore a backup")),

		Restore:    key.NewBinding(key.WithKeys("r", "enter"), key.WithHelp("r", "restore")),
		EmptyTrash: key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "empty trash")),
		Revert:     key.NewBinding(key.WithKeys("r", "enter"), key.WithHelp("r", "restore version")),
		ByDossier:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "this dossier/all")),
		Add:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add file")),
		SaveOut:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save a copy")),
		View:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show")),
		ViewOut:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open in a viewer")),
		Detach:     key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "remove")),
		Rename:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rename")),

		Toggle:  key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		MarkAll: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "mark all shown")),
		Policy:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "on conflict")),
		Write:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "write")),

		Save:         key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		AddField:     key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "add field")),
		EditLabel:    key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "edit label")),
		AddDate:      key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", "add date")),
		RemoveRow:    key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "remove row")),
		MoveUp:       key.NewBinding(key.WithKeys("alt+up", "ctrl+up"), key.WithHelp("alt+↑", "move up")),
		MoveDown:     key.NewBinding(key.WithKeys("alt+down", "ctrl+down"), key.WithHelp("alt+↓", "move down")),
		CycleType:    key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "field type")),
		ToggleSecret: key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "secret/yearly")),
		Generate:     key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "new password")),
	}
}

// keyHelp is a screen's help: the short line of the footer and the full
// list behind "?".
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h keyHelp) ShortHelp() []key.Binding  { return h.short }
func (h keyHelp) FullHelp() [][]key.Binding { return h.full }

// globalKeys are the keys that work on every screen of an unlocked vault.
func globalKeys(k KeyMap) []key.Binding {
	return []key.Binding{k.Privacy, k.Lock, k.Help, k.QuitQ, k.Quit}
}
