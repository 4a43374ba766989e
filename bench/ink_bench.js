// The inkjs side of bench_ink (see bench/README.md). Run by bench_ink with NODE_PATH set to a
// folder where inkjs@2.4.0 was installed:
//   node ink_bench.js compile STORY.ink OUT.json       compile, write the JSON, print timings
//   node ink_bench.js bench STORY.json PLAYTHROUGHS    load, then play PLAYTHROUGHS sessions
//   node ink_bench.js play STORY.json CHOICES_FILE     one scripted session, as `rapport play`
// Each prints one line of JSON. Playthrough p picks its choices with a 32-bit linear congruential
// generator seeded from p, exactly as bench_ink does with Rapport, so both walk the same paths.
'use strict';
const fs = require('fs');

function now() {
    return Number(process.hrtime.bigint()) / 1e6;  // ms
}

const [mode, input, arg] = process.argv.slice(2);

if (mode === 'compile') {
    const { Compiler } = require('inkjs/full');
    const source = fs.readFileSync(input, 'utf8');
    const t0 = now();
    const story = new Compiler(source).Compile();
    const json = story.ToJson();
    const ms = now() - t0;
    fs.writeFileSync(arg, json);
    console.log(JSON.stringify({ compile_ms: ms, json_bytes: json.length }));
} else if (mode === 'bench') {
    const { Story } = require('inkjs');
    const json = fs.readFileSync(input, 'utf8');
    const t0 = now();
    const story = new Story(json);
    const loadMs = now() - t0;
    const playthroughs = Number(arg);
    let choices = 0;
    let text = 0;
    const t1 = now();
    for (let p = 0; p < playthroughs; ++p) {
        story.ResetState();
        let x = (Math.imul(p, 2654435761) + 12345) >>> 0;
        for (;;) {
            text += story.ContinueMaximally().length;
            const count = story.currentChoices.length;
            if (count === 0) break;
            x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
            story.ChooseChoiceIndex((x >>> 16) % count);
            ++choices;
        }
    }
    const playMs = now() - t1;
    console.log(JSON.stringify({
        load_ms: loadMs, play_ms: playMs, choices, text_chars: text,
        trust: story.variablesState.trust, rapport: story.variablesState.rapport,
        dependence: story.variablesState.dependence,
    }));
} else if (mode === 'play') {
    // As a trainee's scripted session: load, play each choice (1-based positions among the
    // offered), printing the text and the choices as a player would see them.
    const { Story } = require('inkjs');
    const story = new Story(fs.readFileSync(input, 'utf8'));
    const picks = fs.readFileSync(arg, 'utf8').trim().split(',').map(Number);
    const out = [];
    let made = 0;
    for (const pick of picks) {
        out.push(story.ContinueMaximally());
        const choices = story.currentChoices;
        choices.forEach((c, i) => out.push(`${i + 1}. ${c.text}`));
        if (pick < 1 || pick > choices.length) {
            console.error(`choice ${pick} at turn ${made + 1}: only ${choices.length} offered`);
            process.exit(1);
        }
        story.ChooseChoiceIndex(pick - 1);
        ++made;
    }
    out.push(story.ContinueMaximally());
    process.stdout.write(out.join('\n') + '\n');
    console.error(JSON.stringify({
        choices: made, ended: !story.canContinue && story.currentChoices.length === 0,
        trust: story.variablesState.trust, rapport: story.variablesState.rapport,
        dependence: story.variablesState.dependence,
    }));
} else {
    console.error('usage: node ink_bench.js compile|bench|play ...');
    process.exit(2);
}
