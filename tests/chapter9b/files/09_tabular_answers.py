# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.14.5
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Chapter 9 (Tabular Modeling Deep Dive) - questionnaire
#
# My answers to the end-of-chapter questions. The setup cell loads the processed bulldozers data
# I pickled while going through the chapter, so the two code answers (Q8, Q18) actually run.

# %%
from fastai.tabular.all import *
from sklearn.ensemble import RandomForestRegressor

path = Path('~/.fastai/archive/bluebook').expanduser()
df = pd.read_csv(path/'TrainAndValid.csv', low_memory=False)
to = load_pickle(path/'to.pkl')
xs, y = to.train.xs, to.train.y
valid_xs, valid_y = to.valid.xs, to.valid.y

def r_mse(pred, y): return round(math.sqrt(((pred - y)**2).mean()), 6)

m = RandomForestRegressor(n_jobs=-1, n_estimators=40, max_samples=200_000,
                          max_features=0.5, min_samples_leaf=5, oob_score=True).fit(xs, y)

# %% [markdown]
# **Q1.** What is a continuous variable?

# %% [markdown]
# A column with numbers where the size of the number means something and you can add or compare
# values directly, e.g. age, price, YearMade.

# %% [markdown]
# **Q2.** What is a categorical variable?

# %% [markdown]
# A column that takes one of a fixed set of discrete values (levels) that aren't quantities, e.g.
# ProductGroup or state. Even when they're stored as numbers (ModelID) doing arithmetic on them is meaningless.

# %% [markdown]
# **Q3.** Provide two of the words that are used for the possible values of a categorical variable.

# %% [markdown]
# Levels, categories.

# %% [markdown]
# **Q4.** What is a "dense layer"?

# %% [markdown]
# Same thing as a linear layer (`nn.Linear`), every input connected to every output.

# %% [markdown]
# **Q5.** How do entity embeddings reduce memory usage and speed up neural networks?

# %% [markdown]
# With one-hot encoding every level becomes a huge sparse vector that gets multiplied by a weight
# matrix. An embedding just looks up the row of the matrix using the level's integer index. It's the
# same maths, but you never build the one-hot vectors or multiply by all those zeros, so it uses less
# memory and is faster.

# %% [markdown]
# **Q6.** What kinds of datasets are entity embeddings especially useful for?

# %% [markdown]
# Datasets with a lot of categorical variables.

# %% [markdown]
# **Q7.** What are the two main families of machine learning algorithms?

# %% [markdown]
# 1. Ensembles of decision trees (random forests, gradient boosting) - mostly for structured/tabular data.
# 2. Multilayer neural networks trained with SGD - mostly for unstructured data (images, audio, text).

# %% [markdown]
# **Q8.** Why do some categorical columns need a special ordering in their classes? How do you do this in Pandas?

# %%
# ProductSize has a natural order (Large > Medium > Small ...) but pandas puts categories in
# alphabetical order, which means nothing. So tell pandas the real order and mark it as ordered:
sizes = 'Large', 'Large / Medium', 'Medium', 'Small', 'Mini', 'Compact'
df['ProductSize'] = df['ProductSize'].astype('category')
df['ProductSize'] = df['ProductSize'].cat.set_categories(sizes, ordered=True)
print(df['ProductSize'].cat.categories)
# -> Index(['Large', 'Large / Medium', 'Medium', 'Small', 'Mini', 'Compact'], dtype='object')
print(df['ProductSize'].cat.ordered)
# -> True

# %% [markdown]
# **Q9.** Summarize what a decision tree algorithm does.

# %% [markdown]
# It splits the data into two groups by asking a yes/no question about one column, then does the same
# thing again for each of the two groups, and keeps going until it's done.

# %% [markdown]
# **Q10.** Why is a date different from a regular categorical or continuous variable, and how can you
# preprocess it to allow it to be used in a model?

# %% [markdown]
# A date isn't just a point on a number line: day of week, month, whether it's a holiday or the end of
# the month can all matter for sales, and a single date value can't express that. fastai's
# `add_datepart` replaces the date column with lots of columns (saleYear, saleMonth, saleWeek,
# saleDayofweek, saleIs_month_end, saleElapsed, ...).

# %% [markdown]
# **Q11.** Should you pick a random validation set in the bulldozer competition? If no, what kind of
# validation set should you pick?

# %% [markdown]
# No. It's a time series and the point is to predict future auction prices, so the validation set
# should be the most recent data (everything after a cutoff date), the same way the Kaggle test set
# comes after the training period.

# %% [markdown]
# **Q15.** How do we handle categorical variables in a decision tree?

# %% [markdown]
# Nothing special. After Categorify they're just integer codes and the tree splits on the codes like on
# any other number. If one particular level matters the tree can isolate it with two splits, so no
# one-hot encoding needed.

# %% [markdown]
# **Q16.** What is bagging?

# %% [markdown]
# Train lots of models, each on a random subset of the rows (sampled with replacement), and average
# their predictions. The models make different, uncorrelated errors, so the average is better than any
# single one. A random forest = bagging decision trees (+ random columns at each split).

# %% [markdown]
# **Q17.** What is the difference between `max_samples` and `max_features` when creating a random forest?

# %% [markdown]
# `max_samples` is the number of features (columns) each tree gets to look at, and `max_features` is
# the number of rows that go into training each tree.

# %% [markdown]
# **Q18.** If you increase `n_estimators` to a very high value, can that lead to overfitting? Why or why not?

# %%
# No. Every tree is trained independently and we only average them, so more trees just make the
# average more stable. Checked by averaging the first i trees of my 40-tree forest:
preds = np.stack([t.predict(valid_xs) for t in m.estimators_])
errs = [r_mse(preds[:i+1].mean(0), valid_y) for i in range(40)]
print(errs[0], errs[9], errs[19], errs[39])
# -> 0.321146 0.247912 0.236377 0.232533
plt.plot(errs);
# the curve flattens out, it never goes back up

# %% [markdown]
# **Q20.** What is "out-of-bag-error"?

# %% [markdown]
# For each training row, predict it using only the trees that didn't have that row in their sample,
# and measure the error of those predictions. It's like a validation error you get for free from the
# training set (`m.oob_prediction_`).

# %% [markdown]
# **Q24.** What's a good type of plot for showing tree interpreter results?

# %% [markdown]
# A waterfall chart (`waterfall_chart` package).

# %% [markdown]
# **Q25.** What is the "extrapolation problem"?

# %% [markdown]
# Random forests just average target values they saw in training, so they can't predict anything
# outside the range of the training data. If there's a trend over time (prices going up), the
# predictions for future data will be systematically too low.

# %% [markdown]
# **Q26.** How can you tell if your test or validation set is distributed in a different way than
# your training set?

# %% [markdown]
# Train a random forest and look at the feature importances on the validation set - the columns that
# come out very important there are the ones that are different.

# %% [markdown]
# **Q28.** What is "boosting"?

# %% [markdown]
# Train a small model that underfits, compute the residuals (target minus prediction), train the next
# model to predict those residuals, and repeat. The final prediction is the sum of all the models'
# predictions. Gradient boosting machines / XGBoost work like this.

# %% [markdown]
# **Q30.** Why might we not always use a neural net for tabular modeling?

# %% [markdown]
# Neural nets can't use categorical columns directly, so you'd have to one-hot encode everything, and a
# random forest is quicker to train and easier to interpret.

# %% [markdown]
# ---
# Still to do: further research questions, try the `fastai` tabular learner with the embeddings from
# the NN inside the random forest.
