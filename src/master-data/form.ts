import * as v from 'valibot';

export const CodeFormSchema = v.object({
  code: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter the code.'), v.maxLength(50, 'Use at most 50 characters.')),
  name: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter a name.'), v.maxLength(200, 'Use at most 200 characters.')),
});

export type CodeFormOutput = v.InferOutput<typeof CodeFormSchema>;
