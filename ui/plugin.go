package ui

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// An age plugin (a YubiKey's) may need the person while it opens a file:
// a PIN, a confirmation, a touch. It cannot ask on the terminal, which the
// interface holds, so its questions travel from the command that decrypts
// to the screen and the answers travel back: pluginBridge carries them,
// pluginPrompt shows them. Only one question is open at a time, since the
// plugin waits for each answer.

// errPluginCanceled is what a plugin hears when the person backs out.
var errPluginCanceled = errors.New("canceled")

// pluginAsk is one thing the plugin asks or says.
type pluginAsk struct {
	plugin, prompt string
	secret         bool   // a value not to echo (a PIN)
	yes, no        string // a confirmation: the two answers (no may be empty)
	notice         bool   // only to show: a message, or that it waits
	answer         chan pluginAnswer
}

type pluginAnswer struct {
	value string
	yes   bool
	err   error
}

// pluginAskMsg brings a plugin's question to the screen that opened the
// file; seq names that opening.
type pluginAskMsg struct {
	seq uint64
	ask pluginAsk
}

// pluginBridge joins one decryption to the screen.
type pluginBridge struct {
	asks chan pluginAsk
	done chan struct{}
	once sync.Once
}

func newPluginBridge() *pluginBridge {
	return &pluginBridge{asks: make(chan pluginAsk), done: make(chan struct{})}
}

// close ends the bridge when the decryption is over: a question still
// waiting gets nothing, and the screen stops listening.
func (b *pluginBridge) close() { b.once.Do(func() { close(b.done) }) }

// send hands a to the screen and, for a question, waits for the answer.
func (b *pluginBridge) send(a pluginAsk) pluginAnswer {
	if !a.notice {
		a.answer = make(chan pluginAnswer, 1)
	}
	select {
	case b.asks <- a:
	case <-b.done:
		return pluginAnswer{err: errPluginCanceled}
	}
	if a.notice {
		return pluginAnswer{}
	}
	select {
	case ans := <-a.answer:
		return ans
	case <-b.done:
		return pluginAnswer{err: errPluginCanceled}
	}
}

// prompts are what vault gives the plugin.
func (b *pluginBridge) prompts() *vault.PluginPrompts {
	return &vault.PluginPrompts{
		Message: func(plugin, text string) { b.send(pluginAsk{plugin: plugin, prompt: text, notice: true}) },
		Ask: func(plugin, prompt string, secret bool) (string, error) {
			ans := b.send(pluginAsk{plugin: plugin, prompt: prompt, secret: secret})
			return ans.value, ans.err
		},
		Confirm: func(plugin, prompt, yes, no string) (bool, error) {
			ans := b.send(pluginAsk{plugin: plugin, prompt: prompt, yes: yes, no: no})
			return ans.yes, ans.err
		},
		Waiting: func(plugin string) {
			b.send(pluginAsk{plugin: plugin, prompt: "waiting for the plugin: touch your key if it blinks", notice: true})
		},
	}
}

// listen waits for the plugin's next question, as a command; it returns
// nil once the decryption is over.
func (b *pluginBridge) listen(seq uint64) tea.Cmd {
	return func() tea.Msg {
		select {
		case a := <-b.asks:
			return pluginAskMsg{seq: seq, ask: a}
		case <-b.done:
			return nil
		}
	}
}

// withBridge runs cmd, a decryption that may ask through b, and closes b
// when it ends; it listens for b's questions meanwhile.
func withBridge(b *pluginBridge, seq uint64, cmd tea.Cmd) tea.Cmd {
	return tea.Batch(func() tea.Msg {
		defer b.close()
		return cmd()
	}, b.listen(seq))
}

// pluginPrompt shows the plugin's open question, or its last message, and
// takes the answer.
type pluginPrompt struct {
	c      *common
	bridge *pluginBridge
	seq    uint64
	ask    *pluginAsk // the open question
	input  textinput.Model
	notice string // the plugin's last message
	// canceled is set when the person backed out of a question, so that
	// the plugin's failure that follows reads as what it is.
	canceled bool
}

func newPluginPrompt(c *common) pluginPrompt {
	p := pluginPrompt{c: c}
	p.input = newPassInput(c, "")
	p.input.SetWidth(max(20, min(60, c.width-4)))
	return p
}

// start makes a new bridge for the decryption numbered seq and returns
// the prompts to give it; run wraps the decryption's command.
func (p *pluginPrompt) start(seq uint64) *vault.PluginPrompts {
	p.cancel()
	p.bridge, p.seq, p.notice, p.canceled = newPluginBridge(), seq, "", false
	return p.bridge.prompts()
}

// run wraps cmd, the decryption started after start, so that the plugin's
// questions reach the screen while it runs.
func (p *pluginPrompt) run(cmd tea.Cmd) tea.Cmd {
	if p.bridge == nil {
		return cmd
	}
	return withBridge(p.bridge, p.seq, cmd)
}

// open reports whether a question waits for an answer.
func (p *pluginPrompt) open() bool { return p.ask != nil }

// cancel answers whatever the plugin asks from now on with "canceled",
// so that it stops and the decryption ends, and forgets the bridge.
func (p *pluginPrompt) cancel() {
	if p.bridge != nil {
		p.bridge.close()
	}
	p.ask, p.bridge = nil, nil
	p.input.Reset()
	p.input.Blur()
}

// receive takes a question or message from the plugin; it returns the
// command that listens for the next one.
func (p *pluginPrompt) receive(msg pluginAskMsg) tea.Cmd {
	if p.bridge == nil || msg.seq != p.seq {
		if msg.ask.answer != nil {
			msg.ask.answer <- pluginAnswer{err: errPluginCanceled}
		}
		return nil
	}
	next := p.bridge.listen(p.seq)
	a := msg.ask
	if a.notice {
		p.notice = a.plugin + ": " + a.prompt
		return next
	}
	p.ask = &a
	p.input.Reset()
	p.input.EchoMode = textinput.EchoNormal
	if a.secret {
		p.input.EchoMode = textinput.EchoPassword
	}
	if a.yes != "" {
		return next
	}
	return tea.Batch(next, p.input.Focus())
}

// update handles a key while a question is open: enter answers (yes, for
// a confirmation), esc cancels, and a confirmation also takes y and n.
func (p *pluginPrompt) update(msg tea.Msg) tea.Cmd {
	k := p.c.keys
	a := p.ask
	if km, ok := msg.(tea.KeyPressMsg); ok {
		answer := func(ans pluginAnswer) tea.Cmd {
			a.answer <- ans
			p.ask = nil
			p.input.Reset()
			p.input.Blur()
			return nil
		}
		switch {
		case key.Matches(km, k.Back):
			p.canceled = true
			return answer(pluginAnswer{err: errPluginCanceled})
		case a.yes != "" && (km.String() == "y" || key.Matches(km, k.Submit)):
			return answer(pluginAnswer{yes: true})
		case a.yes != "" && km.String() == "n" && a.no != "":
			return answer(pluginAnswer{yes: false})
		case a.yes != "":
			return nil
		case key.Matches(km, k.Submit):
			return answer(pluginAnswer{value: p.input.Value()})
		}
	}
	if a.yes != "" {
		return nil
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

// explain is the line to show for err, the failure of the decryption the
// plugin was asked in.
func (p *pluginPrompt) explain(err error) string {
	if errors.Is(err, vault.ErrPlugin) && p.canceled {
		return "the plugin's question was canceled, so the file was not opened"
	}
	return errText(err)
}

// view draws the open question, or the plugin's last message; width is
// the screen's.
func (p *pluginPrompt) view(width int) []string {
	st := p.c.styles
	if p.ask == nil {
		if p.notice == "" {
			return nil
		}
		return wrapLines(Plain(p.notice), width, 2, st.Muted.Render)
	}
	a := p.ask
	// A plugin is another program: what it says is drawn plain.
	lines := wrapLines(Plain(fmt.Sprintf("The %s plugin asks: %s", a.plugin, strings.TrimSpace(a.prompt))), width, 3, st.Value.Render)
	if a.yes != "" {
		choice := Plain(fmt.Sprintf("y or enter: %s", a.yes))
		if a.no != "" {
			choice += Plain(fmt.Sprintf(" · n: %s", a.no))
		}
		return append(lines, st.Muted.Render(choice+" · esc cancels"))
	}
	return append(lines, p.input.View(), st.Muted.Render("enter answers · esc cancels"))
}
